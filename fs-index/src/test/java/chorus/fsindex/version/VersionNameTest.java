package chorus.fsindex.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionNameTest {
  static final Instant T = Instant.parse("2026-12-02T14:25:30Z");

  @Test
  void putsTheUtcTagBeforeTheLastExtension() {
    assertEquals("song~20261202-142530.flac", VersionName.of("song.flac", T, 1));
    assertEquals("album.tar~20261202-142530.gz", VersionName.of("album.tar.gz", T, 1));
    assertEquals("song~20261202-142530-2.flac", VersionName.of("song.flac", T, 2));
  }

  @Test
  void aNameWithoutExtensionGetsTheTagAtTheEnd() {
    assertEquals("README~20261202-142530", VersionName.of("README", T, 1));
    assertEquals(".hidden~20261202-142530", VersionName.of(".hidden", T, 1), "a leading dot is no extension");
  }

  @Test
  void parsesWhatItWrites() {
    for (String name : new String[] {"song.flac", "album.tar.gz", "README", ".hidden", "a~b", "x.", "a b~c.mp3",
        "old~20200101-000000.flac"}) {
      for (int serial : new int[] {1, 2, 17}) {
        VersionName.Parsed p = VersionName.parse(VersionName.of(name, T, serial));
        assertEquals(new VersionName.Parsed(name, T, serial), p, name);
      }
    }
  }

  @Test
  void otherNamesAreNotVersions() {
    assertNull(VersionName.parse("song.flac"));
    assertNull(VersionName.parse("song~20261399-000000.flac"), "no 99th day");
    assertNull(VersionName.parse("song~2026120-142530.flac"));
    assertNull(VersionName.parse("song~20261202-142530-1.flac"), "the first version has no suffix");
    assertNull(VersionName.parse("~20261202-142530.flac"), "no base name");
  }
}
