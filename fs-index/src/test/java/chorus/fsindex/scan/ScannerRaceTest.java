package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.VersionVector;
import chorus.fsindex.store.FileStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner against a writer that commits between the walk and the scan's own write (what the sync
 * engine's puller does): the scan's stale result must never win, and a file that is exactly the
 * cluster's version takes that version instead of a new one.
 */
class ScannerRaceTest {
  static final ShortId PEER = new ShortId(0x0fed_cba9_8765_4321L);

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
  void aRecordCommittedWhileTheFileIsHashedIsNotOverwrittenByTheScan() throws Exception {
    fx.write("a.flac", 200_000, 1);
    fx.scan();
    FileRecord scanned = fx.record("a.flac");
    fx.write("a.flac", 300_000, 2); // a local edit the scan will hash...
    AtomicReference<FileRecord> pulled = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    fx.options = fx.options.withHashers(1).withHook((path, bytes) -> {
      if (path.equals("a.flac") && once.compareAndSet(false, true)) {
        // ...while the engine commits a version it pulled (a newer one, from a peer).
        FileRecord peerVersion = new FileRecord("a.flac", scanned.type(), scanned.size(), scanned.mtimeNs(), 0600,
            0, 0, 0, false, scanned.version().update(PEER, 2_000_000_000L), 0, PEER, scanned.chunks(),
            scanned.contentHash(), null);
        pulled.set(fx.folder.commit(peerVersion));
      }
    });
    fx.scan();
    assertEquals(pulled.get(), fx.record("a.flac"), "the scan's stale view must not replace the pulled record");
  }

  /**
   * The puller places a file and commits its record while a rescan of its directory is between its look
   * at the disk and its look at the index. Seen in the sync bench: a watcher-triggered rescan of a
   * directory being pulled into turned 105 freshly pulled files into tombstones, and the sender then
   * deleted its own copies.
   */
  @Test
  void aFilePlacedAndCommittedWhileItsDirectoryIsWalkedIsNotTombstoned() throws Exception {
    fx.write("album/01.flac", 50_000, 1);
    fx.scan();
    // What the puller will place: the bytes, and the record a peer announced for them (learnt from a scan
    // of the same bytes in another index, so the chunks are right).
    ScanFixture other = new ScanFixture(tmp.resolve("other"));
    FileRecord theirs;
    try {
      Path src = other.write("album/02.flac", 60_000, 2);
      other.scan();
      theirs = other.record("album/02.flac");
      Files.copy(src, tmp.resolve("pulled.tmp"));
      Files.setLastModifiedTime(tmp.resolve("pulled.tmp"), Files.getLastModifiedTime(src));
    } finally {
      other.close();
    }
    FileRecord peerVersion = new FileRecord(theirs.path(), theirs.type(), theirs.size(), theirs.mtimeNs(),
        theirs.permissions(), 0, 0, 0, false, VersionVector.EMPTY.update(PEER, 9), 0, PEER, theirs.chunks(),
        theirs.contentHash(), null);
    AtomicReference<FileRecord> pulled = new AtomicReference<>();
    fx.options = fx.options.withWalkHook(dir -> {
      if (dir.equals("album") && pulled.get() == null) {
        try {
          Files.move(tmp.resolve("pulled.tmp"), fx.root.resolve("album/02.flac"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        pulled.set(fx.folder.commit(peerVersion));
      }
    });
    fx.scan("album");
    FileRecord now = fx.record("album/02.flac");
    assertFalse(now.deleted(), "a file on disk, committed by the puller, must not become a tombstone");
    assertEquals(peerVersion.version(), now.version(), "the pulled version stands: no new version of ours");
  }

  @Test
  void aTombstoneIsOnlyWrittenOverTheRecordTheWalkSaw() {
    FileRecord seen = fx.folder.commit(new FileRecord("gone.txt", chorus.core.model.FileType.DIRECTORY, 0, 1, 0755,
        0, 0, 0, false, VersionVector.EMPTY.update(PEER, 5), 0, PEER, java.util.List.of(), null, null));
    var tombstone = RecordFactory.ifStill(seen.sequence(), new RecordFactory(ScanFixture.ME, fx.clock).tombstone());
    FileRecord newer = fx.folder.commit(new FileRecord("gone.txt", chorus.core.model.FileType.DIRECTORY, 0, 2, 0700,
        0, 0, 0, false, VersionVector.EMPTY.update(PEER, 6), 0, PEER, java.util.List.of(), null, null));
    assertNull(fx.folder.update("gone.txt", tombstone), "the record changed since the walk: no tombstone");
    assertFalse(fx.record("gone.txt").deleted());
    assertEquals(newer, fx.record("gone.txt"));
  }

  @Test
  void aFileThatIsExactlyTheGlobalVersionTakesThatVersion() throws Exception {
    Path f = fx.write("seeded.flac", 150_000, 3);
    // What a peer announced for the same bytes: learn its chunks from a scan in another index.
    ScanFixture other = new ScanFixture(tmp.resolve("other"));
    try {
      Files.copy(f, other.root.resolve("seeded.flac"));
      Files.setLastModifiedTime(other.root.resolve("seeded.flac"), Files.getLastModifiedTime(f));
      other.scan();
      FileRecord theirs = other.record("seeded.flac");
      FileRecord global = new FileRecord(theirs.path(), theirs.type(), theirs.size(), theirs.mtimeNs(),
          theirs.permissions(), 0, 0, 0, false, VersionVector.EMPTY.update(PEER, 77), 9, PEER, theirs.chunks(),
          theirs.contentHash(), null);
      fx.options = fx.options.withGlobal(path -> path.equals("seeded.flac") ? global : null);
      fx.scan();
      FileRecord mine = fx.record("seeded.flac");
      assertEquals(global.version(), mine.version(), "equal content merges: no version of our own");
      assertEquals(PEER, mine.modifiedBy());
      assertEquals(FileStat.lstat(f).inode(), mine.inode(), "local facts are ours");
    } finally {
      other.close();
    }
  }
}
