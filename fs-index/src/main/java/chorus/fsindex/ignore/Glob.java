package chorus.fsindex.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * The glob part of an ignore pattern, parsed into nodes; Syncthing's glob flavour: {@code *} is any
 * run of characters other than {@code /}, {@code **} (two or more stars) any run including {@code /},
 * {@code ?} one character other than {@code /}, {@code [a-z]} and {@code [!a-z]} (or {@code [^a-z]})
 * classes, {@code {a,b}} alternatives (nestable, each itself a glob) and {@code \} escaping the next
 * character. A class never matches {@code /}. Everything else is literal. Unbalanced {@code [} or
 * <code>{</code>, an empty range and a dangling {@code \} are errors; a stray {@code ]},
 * <code>}</code> or {@code ,} outside a group is literal.
 */
final class Glob {
  /** Why a glob cannot be parsed; the caller adds file and line. */
  static final class GlobException extends Exception {
    GlobException(String message) {
      super(message);
    }
  }

  sealed interface Node permits Literal, AnyChar, Star, CharClass, Group {}

  /** One code point, itself. */
  record Literal(int codePoint) implements Node {}

  /** {@code ?}: one code point other than {@code /}. */
  record AnyChar() implements Node {}

  /** {@code *} (not across {@code /}) or {@code **} (across). */
  record Star(boolean crossesSlash) implements Node {}

  /** {@code [...]}: inclusive code point ranges as (low, high) pairs; never matches {@code /}. */
  record CharClass(int[] ranges, boolean negated) implements Node {}

  /** <code>{a,b}</code>: any one of the alternatives. */
  record Group(List<List<Node>> alternatives) implements Node {}

  private final String text;
  private int pos;

  private Glob(String text) {
    this.text = text;
  }

  static List<Node> parse(String text) throws GlobException {
    Glob g = new Glob(text);
    return g.sequence(-1);
  }

  /**
   * Text of which every match contains at least one (empty: nothing known): the longest literal run
   * outside groups, or, when longer, one literal from each alternative of a group.
   */
  static List<String> requiredAnyOf(List<Node> nodes) {
    String longest = "";
    List<String> bestGroup = List.of();
    StringBuilder run = new StringBuilder();
    for (Node n : nodes) {
      if (n instanceof Literal l) {
        run.appendCodePoint(l.codePoint());
        continue;
      }
      if (run.length() > longest.length()) {
        longest = run.toString();
      }
      run.setLength(0);
      if (n instanceof Group g) {
        List<String> union = new ArrayList<>();
        boolean everyOneHasText = true;
        for (List<Node> alternative : g.alternatives()) {
          List<String> need = requiredAnyOf(alternative);
          everyOneHasText &= !need.isEmpty();
          union.addAll(need);
        }
        if (everyOneHasText && shortest(union) > shortest(bestGroup)) {
          bestGroup = List.copyOf(union);
        }
      }
    }
    if (run.length() > longest.length()) {
      longest = run.toString();
    }
    if (!longest.isEmpty() && longest.length() >= shortest(bestGroup)) {
      return List.of(longest);
    }
    return bestGroup;
  }

  private static int shortest(List<String> group) {
    int min = group.isEmpty() ? 0 : Integer.MAX_VALUE;
    for (String s : group) {
      min = Math.min(min, s.length());
    }
    return min;
  }

  /**
   * Parses from {@code pos} to the end, or, inside a group opened at {@code braceOpen} (-1 if none),
   * up to the {@code ,} or <code>}</code> that ends the alternative, leaving {@code pos} on it.
   */
  private List<Node> sequence(int braceOpen) throws GlobException {
    List<Node> nodes = new ArrayList<>();
    int len = text.length();
    while (pos < len) {
      char c = text.charAt(pos);
      switch (c) {
        case '\\' -> {
          if (pos + 1 >= len) {
            throw new GlobException("dangling escape '\\' at the end of the pattern");
          }
          int cp = text.codePointAt(pos + 1);
          nodes.add(new Literal(cp));
          pos += 1 + Character.charCount(cp);
        }
        case '*' -> {
          int start = pos;
          while (pos < len && text.charAt(pos) == '*') {
            pos++;
          }
          nodes.add(new Star(pos - start >= 2));
        }
        case '?' -> {
          nodes.add(new AnyChar());
          pos++;
        }
        case '[' -> nodes.add(charClass());
        case '{' -> nodes.add(group());
        case '}', ',' -> {
          if (braceOpen >= 0) {
            return nodes;
          }
          nodes.add(new Literal(c));
          pos++;
        }
        default -> {
          int cp = text.codePointAt(pos);
          nodes.add(new Literal(cp));
          pos += Character.charCount(cp);
        }
      }
    }
    if (braceOpen >= 0) {
      throw new GlobException("unbalanced '{' at column " + (braceOpen + 1) + ": no closing '}'");
    }
    return nodes;
  }

  private Group group() throws GlobException {
    int open = pos;
    pos++;
    List<List<Node>> alternatives = new ArrayList<>();
    while (true) {
      alternatives.add(sequence(open));
      char closer = text.charAt(pos);
      pos++;
      if (closer == '}') {
        return new Group(List.copyOf(alternatives));
      }
    }
  }

  private CharClass charClass() throws GlobException {
    int open = pos;
    int len = text.length();
    pos++;
    boolean negated = pos < len && (text.charAt(pos) == '!' || text.charAt(pos) == '^');
    if (negated) {
      pos++;
    }
    List<Integer> ranges = new ArrayList<>();
    boolean first = true;
    while (true) {
      if (pos >= len) {
        throw new GlobException("unbalanced '[' at column " + (open + 1) + ": no closing ']'");
      }
      if (text.charAt(pos) == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      int lo = classMember(open);
      int hi = lo;
      if (pos + 1 < len && text.charAt(pos) == '-' && text.charAt(pos + 1) != ']') {
        pos++;
        hi = classMember(open);
        if (hi < lo) {
          throw new GlobException("empty range '" + new String(Character.toChars(lo)) + "-"
              + new String(Character.toChars(hi)) + "' at column " + (open + 1));
        }
      }
      ranges.add(lo);
      ranges.add(hi);
    }
    return new CharClass(ranges.stream().mapToInt(Integer::intValue).toArray(), negated);
  }

  /** One class member at {@code pos} (maybe escaped); advances past it. */
  private int classMember(int open) throws GlobException {
    int cp = text.codePointAt(pos);
    if (cp == '\\') {
      if (pos + 1 >= text.length()) {
        throw new GlobException("unbalanced '[' at column " + (open + 1) + ": no closing ']'");
      }
      cp = text.codePointAt(pos + 1);
      pos += 1 + Character.charCount(cp);
      return cp;
    }
    pos += Character.charCount(cp);
    return cp;
  }
}
