package chorus.fsindex.ignore;

import chorus.fsindex.ignore.Glob.AnyChar;
import chorus.fsindex.ignore.Glob.CharClass;
import chorus.fsindex.ignore.Glob.Group;
import chorus.fsindex.ignore.Glob.Literal;
import chorus.fsindex.ignore.Glob.Node;
import chorus.fsindex.ignore.Glob.Star;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An independent second opinion for tests: the same glob nodes translated to java.util.regex, whose
 * matching (and {@code hitEnd}) the NFA must agree with. Too slow on hostile patterns for production.
 */
final class RegexOracle {
  private RegexOracle() {}

  static Pattern compile(IgnoreRule rule) {
    StringBuilder out = new StringBuilder();
    sequence(rule.nodes(), out);
    int flags = Pattern.DOTALL | (rule.caseInsensitive() ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(out.toString(), flags);
  }

  private static void sequence(List<Node> nodes, StringBuilder out) {
    for (Node n : nodes) {
      if (n instanceof Literal l) {
        out.append(hex(l.codePoint()));
      } else if (n instanceof AnyChar) {
        out.append("[^/]");
      } else if (n instanceof Star s) {
        out.append(s.crossesSlash() ? ".*" : "[^/]*");
      } else if (n instanceof CharClass c) {
        out.append(c.negated() ? "[^/" : "[");
        int[] r = c.ranges();
        for (int i = 0; i < r.length; i += 2) {
          out.append(hex(r[i])).append('-').append(hex(r[i + 1]));
        }
        out.append(c.negated() ? "]" : "&&[^/]]");
      } else if (n instanceof Group g) {
        out.append("(?:");
        for (int i = 0; i < g.alternatives().size(); i++) {
          if (i > 0) {
            out.append('|');
          }
          sequence(g.alternatives().get(i), out);
        }
        out.append(')');
      }
    }
  }

  private static String hex(int cp) {
    return "\\x{" + Integer.toHexString(cp) + "}";
  }
}
