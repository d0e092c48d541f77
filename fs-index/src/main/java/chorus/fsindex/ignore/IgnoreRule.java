package chorus.fsindex.ignore;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled line of an ignore file. The regex already covers everything the line stands for: the
 * path itself, any depth unless anchored, and everything below a matched directory. Because each regex
 * ends in an unrestricted {@code .*} tail, a rule that matches a directory matches all its descendants.
 * Every match contains one of {@code requiredAnyOf} (case-folded for a case-insensitive rule), which
 * turns most paths away with a substring search before the regex runs.
 */
record IgnoreRule(
    String text, String source, int line, boolean negated, boolean caseInsensitive, boolean deletable,
    Pattern regex, List<String> requiredAnyOf) {

  IgnoreRule {
    requiredAnyOf = caseInsensitive ? requiredAnyOf.stream().map(IgnoreRule::fold).toList() : List.copyOf(requiredAnyOf);
  }

  boolean matches(Candidate path) {
    if (!requiredAnyOf.isEmpty()) {
      String text = caseInsensitive ? path.folded() : path.text();
      boolean found = false;
      for (String required : requiredAnyOf) {
        if (text.contains(required)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return regex.matcher(path.text()).matches();
  }

  /**
   * False only if no path below {@code directory} can match. Uses the regex engine's own knowledge:
   * when matching {@code directory + "/"} fails without the engine reading to the end of the input,
   * no longer input with that prefix can match either.
   */
  boolean couldMatchBelow(String directory) {
    Matcher m = regex.matcher(directory + "/");
    return m.matches() || m.hitEnd();
  }

  /**
   * The case folding java.util.regex applies per character under CASE_INSENSITIVE | UNICODE_CASE
   * (lower case of upper case), so that a folded substring test agrees with the regex.
   */
  static String fold(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      } else if (Character.isHighSurrogate(c) && i + 1 < out.length && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toLowerCase(Character.toUpperCase(s.codePointAt(i)));
        if (Character.charCount(cp) != 2) {
          return foldByCodePoint(s); // folding changed the length: rare, take the slow road
        }
        Character.toChars(cp, out, i);
        i++;
      } else {
        out[i] = Character.toLowerCase(Character.toUpperCase(c));
      }
    }
    return new String(out);
  }

  private static String foldByCodePoint(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp)));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** A path being matched, folded at most once however many case-insensitive rules look at it. */
  static final class Candidate {
    private final String text;
    private String folded;

    Candidate(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }

    String folded() {
      if (folded == null) {
        folded = fold(text);
      }
      return folded;
    }
  }

  @Override
  public String toString() {
    return source + ":" + line + ": " + text;
  }
}
