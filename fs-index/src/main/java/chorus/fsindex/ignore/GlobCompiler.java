package chorus.fsindex.ignore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Translates the glob part of an ignore pattern into java.util.regex text, following Syncthing's
 * glob flavour: {@code *} is any run of characters other than {@code /}, {@code **} (two or more stars)
 * any run including {@code /}, {@code ?} one character other than {@code /}, {@code [a-z]} and
 * {@code [!a-z]} (or {@code [^a-z]}) classes, {@code {a,b}} alternatives (nestable, each itself a glob)
 * and {@code \} escaping the next character. A class never matches {@code /}. Everything else is
 * literal. Unbalanced {@code [} or <code>{</code> and a dangling {@code \} are errors; a stray
 * {@code ]}, <code>}</code> or {@code ,} outside a group is literal.
 *
 * <p>It also works out text that every match must contain, so that most paths can be turned away by
 * a substring search before the regex runs: the longest literal run, or, for a group such as
 * <code>{*.m3u,*.pls}</code>, one literal from each alternative.
 */
final class GlobCompiler {
  /** Why a glob cannot be compiled; the caller adds file and line. */
  static final class GlobException extends Exception {
    GlobException(String message) {
      super(message);
    }
  }

  /**
   * The regex text (use with DOTALL), and literals of which every match contains at least one
   * (empty: no such knowledge).
   */
  record Compiled(String regex, List<String> requiredAnyOf) {}

  /** Literal knowledge about one sequence: its current and longest run, and its best group. */
  private static final class Frame {
    final StringBuilder run = new StringBuilder();
    String longest = "";
    List<String> bestGroup = List.of();

    void endRun() {
      if (run.length() > longest.length()) {
        longest = run.toString();
      }
      run.setLength(0);
    }

    List<String> requirement() {
      endRun();
      if (!longest.isEmpty() && longest.length() >= shortest(bestGroup)) {
        return List.of(longest);
      }
      return bestGroup.isEmpty() ? (longest.isEmpty() ? List.of() : List.of(longest)) : bestGroup;
    }

    static int shortest(List<String> group) {
      int min = Integer.MAX_VALUE;
      for (String s : group) {
        min = Math.min(min, s.length());
      }
      return group.isEmpty() ? Integer.MAX_VALUE : min;
    }
  }

  private final String glob;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Frame> frames = new ArrayDeque<>();

  private GlobCompiler(String glob) {
    this.glob = glob;
  }

  static Compiled compile(String glob) throws GlobException {
    GlobCompiler c = new GlobCompiler(glob);
    Frame top = new Frame();
    c.frames.push(top);
    c.sequence(0, -1);
    return new Compiled(c.out.toString(), top.requirement());
  }

  /**
   * Translates from {@code i} to the end, or, inside a group opened at {@code braceOpen} (-1 if none),
   * up to the {@code ,} or <code>}</code> that ends the alternative. Returns where it stopped.
   */
  private int sequence(int i, int braceOpen) throws GlobException {
    int len = glob.length();
    while (i < len) {
      char c = glob.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 >= len) {
            throw new GlobException("dangling escape '\\' at the end of the pattern");
          }
          int cp = glob.codePointAt(i + 1);
          literal(cp);
          i += 1 + Character.charCount(cp);
        }
        case '*' -> {
          frames.peek().endRun();
          int j = i;
          while (j < len && glob.charAt(j) == '*') {
            j++;
          }
          out.append(j - i >= 2 ? ".*" : "[^/]*");
          i = j;
        }
        case '?' -> {
          frames.peek().endRun();
          out.append("[^/]");
          i++;
        }
        case '[' -> {
          frames.peek().endRun();
          i = charClass(i);
        }
        case '{' -> {
          frames.peek().endRun();
          i = alternatives(i);
        }
        case '}', ',' -> {
          if (braceOpen >= 0) {
            return i;
          }
          literal(c);
          i++;
        }
        default -> {
          int cp = glob.codePointAt(i);
          literal(cp);
          i += Character.charCount(cp);
        }
      }
    }
    if (braceOpen >= 0) {
      throw new GlobException("unbalanced '{' at column " + (braceOpen + 1) + ": no closing '}'");
    }
    return i;
  }

  private int alternatives(int open) throws GlobException {
    out.append("(?:");
    List<String> group = new ArrayList<>();
    boolean everyAlternativeHasText = true;
    int i = open + 1;
    while (true) {
      Frame alternative = new Frame();
      frames.push(alternative);
      i = sequence(i, open);
      frames.pop();
      List<String> need = alternative.requirement();
      if (need.isEmpty()) {
        everyAlternativeHasText = false;
      } else {
        group.addAll(need);
      }
      if (glob.charAt(i) == '}') {
        out.append(')');
        Frame enclosing = frames.peek();
        if (everyAlternativeHasText
            && (enclosing.bestGroup.isEmpty() || Frame.shortest(group) > Frame.shortest(enclosing.bestGroup))) {
          enclosing.bestGroup = List.copyOf(group);
        }
        return i + 1;
      }
      out.append('|');
      i++;
    }
  }

  private int charClass(int open) throws GlobException {
    int len = glob.length();
    int i = open + 1;
    boolean negated = i < len && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
    if (negated) {
      i++;
    }
    StringBuilder cls = new StringBuilder(negated ? "[^/" : "[");
    boolean first = true;
    while (true) {
      if (i >= len) {
        throw new GlobException("unbalanced '[' at column " + (open + 1) + ": no closing ']'");
      }
      int cp = glob.codePointAt(i);
      if (cp == ']' && !first) {
        i++;
        break;
      }
      first = false;
      int[] lo = classMember(i, open);
      i = lo[1];
      if (i + 1 < len && glob.charAt(i) == '-' && glob.charAt(i + 1) != ']') {
        int[] hi = classMember(i + 1, open);
        i = hi[1];
        if (hi[0] < lo[0]) {
          throw new GlobException("empty range '" + new String(Character.toChars(lo[0])) + "-"
              + new String(Character.toChars(hi[0])) + "' at column " + (open + 1));
        }
        cls.append(hex(lo[0])).append('-').append(hex(hi[0]));
      } else {
        cls.append(hex(lo[0]));
      }
    }
    // A positive class must not match the separator either: intersect with "not /".
    out.append(cls).append(negated ? "]" : "&&[^/]]");
    return i;
  }

  /** One class member at {@code i} (maybe escaped): {code point, index after it}. */
  private int[] classMember(int i, int open) throws GlobException {
    int cp = glob.codePointAt(i);
    if (cp == '\\') {
      if (i + 1 >= glob.length()) {
        throw new GlobException("unbalanced '[' at column " + (open + 1) + ": no closing ']'");
      }
      cp = glob.codePointAt(i + 1);
      return new int[] {cp, i + 1 + Character.charCount(cp)};
    }
    return new int[] {cp, i + Character.charCount(cp)};
  }

  private void literal(int cp) {
    frames.peek().run.appendCodePoint(cp);
    if (cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '/' || cp == '_')) {
      out.append((char) cp);
    } else if (cp >= 0x80 && Character.isLetterOrDigit(cp)) {
      out.appendCodePoint(cp);
    } else {
      out.append(hex(cp));
    }
  }

  private static String hex(int cp) {
    return "\\x{" + Integer.toHexString(cp) + "}";
  }
}
