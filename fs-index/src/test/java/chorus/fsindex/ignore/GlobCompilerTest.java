package chorus.fsindex.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobCompilerTest {
  @Test
  void requiredTextIsTheLongestLiteralRunOrOneOfAGroup() throws Exception {
    assertEquals(List.of(".DS_Store"), GlobCompiler.compile(".DS_Store").requiredAnyOf());
    assertEquals(List.of(".tmp"), GlobCompiler.compile("*.tmp").requiredAnyOf());
    assertEquals(List.of("-backup"), GlobCompiler.compile("[0-9][0-9]-backup").requiredAnyOf());
    assertEquals(List.of(".m3u", ".pls"), GlobCompiler.compile("{*.m3u,*.pls}").requiredAnyOf());
    assertEquals(List.of("flac", "mp3"), GlobCompiler.compile("*.{flac,mp3}").requiredAnyOf());
    assertEquals(List.of(), GlobCompiler.compile("{*,x}").requiredAnyOf());
    assertEquals(List.of(), GlobCompiler.compile("*").requiredAnyOf());
    assertEquals(List.of("{a}"), GlobCompiler.compile("\\{a\\}").requiredAnyOf());
  }

  /** The substring pre-check must never turn away a path the regex would match. */
  @Test
  void preCheckNeverChangesTheAnswer() throws Exception {
    Random random = new Random(7);
    String[] atoms = {"a", "B", "k", "\u212A", "s", "\u017F", "é", "/", "*", "**", "?", "[a-c]", "{a,B}", "{x*,k}",
        ".", "\\*"};
    String[] chars = {"a", "A", "b", "B", "k", "K", "\u212A", "s", "S", "\u017F", "é", "É", "/", ".", "*", "x"};
    int matched = 0;
    for (int round = 0; round < 3000; round++) {
      StringBuilder p = new StringBuilder(random.nextBoolean() ? "(?i)" : "");
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        p.append(atoms[random.nextInt(atoms.length)]);
      }
      IgnoreRule rule = IgnoreFileParser.compile(p.toString(), "random", 1);
      for (int k = 0; k < 30; k++) {
        StringBuilder path = new StringBuilder();
        int len = 1 + random.nextInt(6);
        for (int i = 0; i < len; i++) {
          path.append(chars[random.nextInt(chars.length)]);
        }
        String s = path.toString();
        boolean expected = rule.regex().matcher(s).matches();
        assertEquals(expected, rule.matches(new IgnoreRule.Candidate(s)), () -> rule + " on " + s);
        if (expected) {
          matched++;
        }
      }
    }
    assertEquals(true, matched > 1000, "too few matches to mean anything: " + matched);
  }
}
