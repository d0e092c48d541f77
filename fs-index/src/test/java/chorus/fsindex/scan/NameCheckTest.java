package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NameCheckTest {
  static String check(String rel) {
    Path p = Path.of("/music").resolve(rel);
    return NameCheck.problem(p, p.getFileName().toString(), rel);
  }

  @Test
  void acceptsPlainAndNonAsciiNfcNames() {
    assertNull(check("Artist/01 Song (live) [2001].flac"));
    assertNull(check("Björk/Ólafur/坂本龍一 – ünïcode.mp3"));
  }

  @Test
  void refusesWhatRelativePathRefusesEvenOnTheFastPath() {
    assertTrue(check("a/back\\slash").startsWith("path "));
    assertTrue(check("a/tab\there").startsWith("path "));
    String longParent = "é".repeat(2000); // 4000 bytes of parent, short in characters
    assertTrue(check(longParent + "/" + "x".repeat(200)).contains("longer than"));
    assertTrue(check("Cafe\u0301.mp3").contains("NFC"));
  }
}
