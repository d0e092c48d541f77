package chorus.fsindex.version;

import static chorus.fsindex.version.VersionFolder.tag;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.VersioningConfig;
import chorus.core.config.VersioningConfig.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each scheme on real files: versions archived at chosen times, then cleaned at later times. */
class SchemesTest {
  @TempDir Path tmp;

  @Test
  void trashCanKeepsTheLastVersionUntilTheCleanoutAge() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.TRASH_CAN, 0, 2, 0));
    f.archiveAt(Duration.ZERO, "a/song.flac", "one");
    f.archiveAt(ofSeconds(60), "a/song.flac", "two");
    f.archiveAt(ofHours(1), "b/other.flac", "other");
    assertEquals(List.of(tag(ofSeconds(60))), f.tags("a/song.flac"));
    assertEquals(List.of("two"), f.contents("a/song.flac"));

    f.at(ofDays(2).plusSeconds(60)); // exactly 2 days old: kept
    f.versioner.clean();
    assertEquals(List.of("two"), f.contents("a/song.flac"));

    f.at(ofDays(2).plusSeconds(61));
    f.versioner.clean();
    assertEquals(List.of(), f.tags("a/song.flac"));
    assertEquals(List.of("other"), f.contents("b/other.flac"));
    assertFalse(Files.exists(f.versions().resolve("a")), "the emptied directory is removed");

    f.at(ofDays(3));
    f.versioner.clean();
    assertEquals(List.of(), f.versioner.list(""));
    assertTrue(Files.isDirectory(f.versions()), "the area itself stays");
  }

  @Test
  void trashCanWithoutCleanoutKeepsForever() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.TRASH_CAN, 0, 0, 0));
    f.archiveAt(Duration.ZERO, "song.flac", "one");
    f.at(ofDays(10_000));
    f.versioner.clean();
    assertEquals(List.of("one"), f.contents("song.flac"));
  }

  @Test
  void simpleKeepsTheNewestN() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 3, 0, 0));
    for (int i = 1; i <= 5; i++) {
      f.archiveAt(ofHours(i), "dir/song.flac", "v" + i);
    }
    assertEquals(List.of(tag(ofHours(3)), tag(ofHours(4)), tag(ofHours(5))), f.tags("dir/song.flac"));
    assertEquals(List.of("v3", "v4", "v5"), f.contents("dir/song.flac"));

    f.at(ofDays(1000));
    f.versioner.clean();
    assertEquals(List.of("v3", "v4", "v5"), f.contents("dir/song.flac"), "cleanoutDays 0: never too old");
  }

  @Test
  void simpleKeepsFiveWhenTheConfigSaysZero() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 0, 0, 0));
    for (int i = 1; i <= 7; i++) {
      f.archiveAt(ofHours(i), "song.flac", "v" + i);
    }
    assertEquals(List.of("v3", "v4", "v5", "v6", "v7"), f.contents("song.flac"));
  }

  @Test
  void simpleRemovesVersionsOlderThanTheCleanoutAge() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 5, 10, 0));
    f.archiveAt(Duration.ZERO, "song.flac", "day0");
    f.archiveAt(ofDays(5), "song.flac", "day5");
    f.archiveAt(ofDays(8), "song.flac", "day8");
    f.archiveAt(ofDays(1), "other.flac", "other");
    f.at(ofDays(12));
    f.versioner.clean();
    assertEquals(List.of("day5", "day8"), f.contents("song.flac"));
    assertEquals(List.of(), f.tags("other.flac"), "11 days old");

    f.at(ofDays(16));
    f.versioner.clean();
    assertEquals(List.of("day8"), f.contents("song.flac"));
  }

  @Test
  void staggeredKeepsTheOldestVersionOfEachInterval() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.STAGGERED, 0, 0, 365));
    String p = "album/track.flac";
    f.archiveAt(Duration.ZERO, p, "t0");
    f.archiveAt(ofSeconds(10), p, "t10s"); // within 30 s of t0: goes at once
    assertEquals(List.of("t0"), f.contents(p));
    f.archiveAt(ofSeconds(40), p, "t40s");
    f.archiveAt(ofSeconds(90), p, "t90s");
    assertEquals(List.of("t0", "t40s", "t90s"), f.contents(p), "one per 30 s in the first hour");

    // Two hours on, t40s and t90s are in the first day (one per hour) and within an hour of t0.
    f.archiveAt(ofHours(2), p, "t2h");
    assertEquals(List.of("t0", "t2h"), f.contents(p));

    f.archiveAt(ofDays(1).plusHours(1), p, "t1d1h");
    assertEquals(List.of("t0", "t2h", "t1d1h"), f.contents(p));

    // At 3 days, all three are in the first 30 days (one per day): t2h is within a day of t0.
    f.at(ofDays(3));
    f.versioner.clean();
    assertEquals(List.of(tag(Duration.ZERO), tag(ofDays(1).plusHours(1))), f.tags(p));

    // At 40 days, both are past 30 days (one per week).
    f.at(ofDays(40));
    f.versioner.clean();
    assertEquals(List.of("t0"), f.contents(p));

    // Past the maximum age.
    f.at(ofDays(365).plusSeconds(1));
    f.versioner.clean();
    assertEquals(List.of(), f.versioner.list(""));
    assertFalse(Files.exists(f.versions().resolve("album")));
  }

  @Test
  void staggeredWithoutMaxAgeKeepsOnePerWeekForever() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.STAGGERED, 0, 0, 0));
    f.archiveAt(Duration.ZERO, "song.flac", "w0");
    f.archiveAt(ofDays(3), "song.flac", "d3");
    f.archiveAt(ofDays(8), "song.flac", "d8");
    f.archiveAt(ofDays(20), "song.flac", "d20");
    f.at(ofDays(2000));
    f.versioner.clean();
    assertEquals(List.of("w0", "d8", "d20"), f.contents("song.flac"));
  }

  @Test
  void offArchivesNothing() throws Exception {
    VersionFolder f = new VersionFolder(tmp, VersioningConfig.OFF);
    f.write("song.flac", "current");
    assertFalse(f.versioner.archive("song.flac"));
    assertEquals("current", Files.readString(f.root.resolve("song.flac")));
    assertFalse(Files.exists(f.versions()));
    f.versioner.clean();
    assertEquals(List.of(), f.versioner.list(""));
  }
}
