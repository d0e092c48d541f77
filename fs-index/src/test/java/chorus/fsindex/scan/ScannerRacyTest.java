package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import chorus.core.model.FileRecord;
import chorus.fsindex.store.FileStat;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Racily clean" files: a file hashed within a timestamp tick of its last change could change again with
 * the same stat, unseen. Such a record stores ctime 0, so the next scan reads the file again; once the
 * file has been quiet for longer than the window, its real ctime is stored and rescans only stat it. The
 * fixture's clock is set relative to the file's real ctime to place the scan inside or outside the window.
 */
class ScannerRacyTest {
  static final String SONG = "Artist/Album/01 Song.flac";

  @TempDir Path tmp;
  ScanFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScanFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aFileHashedRightAfterItChangedIsReadAgainByTheNextScan() throws Exception {
    Path song = fx.write(SONG, 700_000, 1);
    long ctime = FileStat.lstat(song).ctimeNs();
    fx.clock.now = Instant.ofEpochSecond(0, ctime).plusMillis(10); // hashed 10 ms after the change
    fx.scan();
    FileRecord first = fx.record(SONG);
    assertEquals(0, first.ctimeNs(), "a racy record must not keep a ctime a later stat could match");

    ScanReport stillRacy = fx.scan(); // at the same moment: read again, still racy, nothing to store
    assertEquals(1, stillRacy.hashedFiles());
    assertEquals(0, stillRacy.added() + stillRacy.changed() + stillRacy.deleted());
    assertEquals(3, stillRacy.unchanged(), "the file and its two directories count as unchanged");
    assertEquals(first, fx.record(SONG));

    fx.clock.now = Instant.ofEpochSecond(0, ctime).plusSeconds(3600);
    ScanReport again = fx.scan();
    assertEquals(1, again.hashedFiles(), "read again, since it may have changed unseen");
    assertEquals(0, again.changed(), "same content: no change, no new version");
    FileRecord second = fx.record(SONG);
    assertEquals(ctime, second.ctimeNs(), "quiet long enough: the real ctime is stored");
    assertEquals(first.version(), second.version());
    assertEquals(first.sequence(), second.sequence());

    assertEquals(0, fx.scan().hashedFiles(), "and from then on a rescan only stats it");
  }

  @Test
  void aFileQuietForLongerThanTheWindowKeepsItsCtimeAtOnce() throws Exception {
    Path song = fx.write(SONG, 300_000, 2);
    long ctime = FileStat.lstat(song).ctimeNs();
    // Past either window (whole-second file systems get a longer one).
    fx.clock.now = Instant.ofEpochSecond(0, ctime).plusNanos(RecordFactory.RACY_WINDOW_COARSE_NS + 1_000_000);
    fx.scan();
    assertNotEquals(0, fx.record(SONG).ctimeNs());
    assertEquals(ctime, fx.record(SONG).ctimeNs());
    assertEquals(0, fx.scan().hashedFiles());
  }
}
