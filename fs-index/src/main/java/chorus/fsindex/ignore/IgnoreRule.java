package chorus.fsindex.ignore;

import java.util.List;

/**
 * One compiled line of an ignore file. {@code nodes} (and the {@code program} compiled from them)
 * already cover everything the line stands for: the path itself, any depth unless anchored, and
 * everything below a matched directory. Because each ends in an unrestricted {@code **} tail, a rule
 * that matches a directory matches all its descendants. Every match contains one of
 * {@code requiredAnyOf} (case-folded for a case-insensitive rule), which turns most paths away with a
 * substring search before the program runs.
 */
record IgnoreRule(
    String text, String source, int line, boolean negated, boolean caseInsensitive, boolean deletable,
    List<Glob.Node> nodes, GlobProgram program, List<String> requiredAnyOf) {

  IgnoreRule {
    nodes = List.copyOf(nodes);
    requiredAnyOf = caseInsensitive ? requiredAnyOf.stream().map(IgnoreRule::fold).toList() : List.copyOf(requiredAnyOf);
  }

  static IgnoreRule of(String text, String source, int line, boolean negated, boolean caseInsensitive,
      boolean deletable, List<Glob.Node> nodes) {
    return new IgnoreRule(text, source, line, negated, caseInsensitive, deletable, nodes,
        GlobProgram.compile(nodes, caseInsensitive), Glob.requiredAnyOf(nodes));
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
    return program.matches(path.text());
  }

  /** False only if no path below {@code directory} can match. */
  boolean couldMatchBelow(String directory) {
    return program.couldMatchExtensionOf(directory + "/");
  }

  /** {@link GlobProgram#fold} over a string, so that a folded substring test agrees with the program. */
  static String fold(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int f = GlobProgram.fold(cp);
      if (sb == null && f != cp) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.appendCodePoint(f);
      }
      i += Character.charCount(cp);
    }
    return sb == null ? s : sb.toString();
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
