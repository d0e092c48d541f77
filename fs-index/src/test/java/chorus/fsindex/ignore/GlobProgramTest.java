package chorus.fsindex.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobProgramTest {
  private static List<String> required(String glob) throws Exception {
    return Glob.requiredAnyOf(Glob.parse(glob));
  }

  @Test
  void requiredTextIsTheLongestLiteralRunOrOneOfAGroup() throws Exception {
    assertEquals(List.of(".DS_Store"), required(".DS_Store"));
    assertEquals(List.of(".tmp"), required("*.tmp"));
    assertEquals(List.of("-backup"), required("[0-9][0-9]-backup"));
    assertEquals(List.of(".m3u", ".pls"), required("{*.m3u,*.pls}"));
    assertEquals(List.of("flac", "mp3"), required("*.{flac,mp3}"));
    assertEquals(List.of(), required("{*,x}"));
    assertEquals(List.of(), required("*"));
    assertEquals(List.of("{a}"), required("\\{a\\}"));
  }

  /**
   * The NFA, its substring pre-check and its "could anything longer match" answer all agree with
   * java.util.regex (matches and hitEnd) on random patterns and paths.
   */
  @Test
  void agreesWithJavaUtilRegexOnRandomPatterns() throws Exception {
    Random random = new Random(7);
    String[] atoms = {"a", "B", "k", "\u212A", "s", "\u017F", "é", "/", "*", "**", "?", "[a-c]", "[!b]", "{a,B}",
        "{x*,k}", "{,a/}", ".", "\\*"};
    String[] chars = {"a", "A", "b", "B", "c", "k", "K", "\u212A", "s", "S", "\u017F", "é", "É", "/", ".", "*", "x"};
    int matched = 0;
    int deadEarly = 0;
    for (int round = 0; round < 3000; round++) {
      StringBuilder p = new StringBuilder(random.nextBoolean() ? "(?i)" : "");
      if (random.nextInt(3) == 0) {
        p.append('/');
      }
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        p.append(atoms[random.nextInt(atoms.length)]);
      }
      IgnoreRule rule = IgnoreFileParser.compile(p.toString(), "random", 1);
      Pattern oracle = RegexOracle.compile(rule);
      for (int k = 0; k < 30; k++) {
        StringBuilder path = new StringBuilder();
        int len = 1 + random.nextInt(6);
        for (int i = 0; i < len; i++) {
          path.append(chars[random.nextInt(chars.length)]);
        }
        String s = path.toString();
        Matcher m = oracle.matcher(s);
        boolean expected = m.matches();
        assertEquals(expected, rule.program().matches(s), () -> rule + " on " + s + " vs " + oracle);
        assertEquals(expected, rule.matches(new IgnoreRule.Candidate(s)), () -> rule + " (pre-check) on " + s);
        if (expected) {
          matched++;
        }
        if (!expected && !m.hitEnd()) {
          // The regex engine proved no extension matches: the NFA must not claim one could.
          deadEarly++;
          assertFalse(rule.program().couldMatchExtensionOf(s), () -> rule + " alive after " + s);
        }
        if (expected) {
          assertTrue(rule.program().couldMatchExtensionOf(s));
        }
      }
    }
    assertTrue(matched > 1000, "too few matches to mean anything: " + matched);
    assertTrue(deadEarly > 1000, "too few dead prefixes to mean anything: " + deadEarly);
  }

  /** Patterns that make a backtracking engine take minutes finish at once here. */
  @Test
  void hostilePatternsCostLinearTime() throws Exception {
    IgnoreMatcher m = IgnoreMatcher.parse(List.of("*a*a*a*a*a*a*b", "**a**a**a**a**a**b", "{a*,*a}{a*,*a}{a*,*a}b"), "evil");
    String name = "a".repeat(255);
    String deep = ("a".repeat(200) + "/").repeat(20) + "a".repeat(200);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertFalse(m.isIgnored(name, false));
      assertFalse(m.isIgnored(deep, false));
      assertTrue(m.isIgnored(name + "b", false));
    });
  }
}
