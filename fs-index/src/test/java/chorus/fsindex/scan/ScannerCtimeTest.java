package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.model.FileRecord;
import chorus.fsindex.store.FileStat;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ctime as a "content may differ" signal, on real files: an edit that keeps the size and restores
 * the mtime (a tag editor's "preserve modification time") is found; a change of local facts only (a new
 * hard link) is re-read but makes no new version; and the new ctime is stored, so the rescan after it
 * only stats.
 */
class ScannerCtimeTest {
  static final String SONG = "Artist/Album/01 Song.mp3";

  @TempDir Path tmp;
  ScanFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScanFixture(tmp);
    fx.write(SONG, 400_000, 1);
    fx.write("Artist/Album/02 Other.mp3", 300_000, 2);
    fx.scan();
    chorus.fsindex.store.CtimeTicks.waitForNextCtimeTick(fx.root);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aSameSizeRewriteWithTheMtimeRestoredIsRehashed() throws Exception {
    FileRecord old = fx.record(SONG);
    Path song = fx.root.resolve(SONG);
    byte[] tag = new byte[4096];
    new SplittableRandom(99).nextBytes(tag);
    try (FileChannel ch = FileChannel.open(song, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(tag), 1000); // a tag frame rewritten in place, in the padding
    }
    Files.setLastModifiedTime(song, FileTime.from(old.mtimeNs(), TimeUnit.NANOSECONDS));
    FileStat now = FileStat.lstat(song);
    assertEquals(old.size(), now.size(), "precondition: same size");
    assertEquals(old.mtimeNs(), now.mtimeNs(), "precondition: mtime restored");
    assertEquals(old.inode(), now.inode(), "precondition: same inode");

    ScanReport r = fx.scan();
    assertEquals(1, r.hashedFiles());
    assertEquals(1, r.changed());
    FileRecord rehashed = fx.assertChunksMatchDisk(SONG);
    assertNotEquals(old.contentHash(), rehashed.contentHash());
    assertEquals(old.version().counter(ScanFixture.ME) + 1, rehashed.version().counter(ScanFixture.ME));
    assertEquals(now.ctimeNs(), rehashed.ctimeNs());

    ScanReport again = fx.scan();
    assertEquals(0, again.hashedFiles() + again.changed());
  }

  @Test
  void aNewHardLinkMovesTheCtimeButMakesNoNewVersion() throws Exception {
    FileRecord old = fx.record(SONG);
    long lastSequence = fx.folder.lastSequence();
    Files.createLink(tmp.resolve("outside-the-folder.mp3"), fx.root.resolve(SONG));
    long ctime = FileStat.lstat(fx.root.resolve(SONG)).ctimeNs();
    assertTrue(ctime > old.ctimeNs(), "precondition: the link moved the ctime");

    ScanReport r = fx.scan();
    assertEquals(1, r.hashedFiles(), "the ctime moved, so the content is read again");
    assertEquals(0, r.added() + r.changed() + r.deleted());
    FileRecord now = fx.record(SONG);
    assertEquals(old.version(), now.version());
    assertEquals(old.sequence(), now.sequence(), "peers have nothing new to see");
    assertEquals(lastSequence, fx.folder.lastSequence());
    assertEquals(old.withLocalFacts(old.inode(), old.deviceNo(), ctime), now);

    ScanReport again = fx.scan();
    assertEquals(0, again.hashedFiles(), "the new ctime is stored");
  }

  @Test
  void anUnchangedTreeIsOnlyStatted() throws Exception {
    ScanReport r = fx.scan();
    assertEquals(0, r.hashedFiles());
    assertEquals(0, r.hashedBytes());
    assertEquals(4, r.unchanged(), "two files, two directories");
  }
}
