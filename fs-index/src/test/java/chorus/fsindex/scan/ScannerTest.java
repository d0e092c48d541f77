package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner on real temp directories: create, modify, delete, rename, and rescans of parts. */
class ScannerTest {
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

  void musicTree() throws Exception {
    fx.write("Artist/Album/01 Title.flac", 3_000_000, 1);
    fx.write("Artist/Album/cover.jpg", 80_000, 2);
    fx.write("Ärtist Ñame/Ålbum (2001)/02 Ünïcode — tïtle.mp3", 500_000, 3);
    Files.write(fx.root.resolve("empty.txt"), new byte[0]);
    Files.createSymbolicLink(fx.root.resolve("latest"), Path.of("Artist/Album"));
  }

  @Test
  void firstScanRecordsFilesDirectoriesAndSymlinks() throws Exception {
    musicTree();
    ScanReport r = fx.scan();
    assertEquals(4, r.files());
    assertEquals(4, r.directories());
    assertEquals(1, r.symlinks());
    assertEquals(3_580_000, r.bytes());
    assertEquals(4, r.hashedFiles());
    assertEquals(9, r.added());
    assertEquals(0, r.problemCount(), r.problems().toString());
    assertEquals(9, fx.folder.lastSequence());

    FileRecord flac = fx.assertChunksMatchDisk("Artist/Album/01 Title.flac");
    assertTrue(flac.chunks().size() > 10, "a 3 MB file has many fine chunks");
    assertEquals(1_800_000_000L, flac.version().counter(ScanFixture.ME));
    assertEquals(ScanFixture.ME, flac.modifiedBy());
    assertTrue(flac.inode() != 0);
    fx.assertChunksMatchDisk("Ärtist Ñame/Ålbum (2001)/02 Ünïcode — tïtle.mp3");
    FileRecord empty = fx.assertChunksMatchDisk("empty.txt");
    assertEquals(List.of(), empty.chunks());
    assertEquals(FileType.DIRECTORY, fx.record("Artist").type());
    FileRecord link = fx.record("latest");
    assertEquals(FileType.SYMLINK, link.type());
    assertEquals("Artist/Album", link.symlinkTarget());
    assertFalse(fx.livePaths().contains("latest/cover.jpg"), "symlinks are not followed");
    List<Long> sequences = fx.all().stream().map(FileRecord::sequence).sorted().toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences);
  }

  @Test
  void aRescanWithoutChangesWritesNothing() throws Exception {
    musicTree();
    fx.scan();
    List<FileRecord> before = fx.all();
    ScanReport r = fx.scan();
    assertEquals(9, r.unchanged());
    assertEquals(0, r.added() + r.changed() + r.deleted() + r.hashedFiles());
    assertEquals(0, r.hashedBytes());
    assertEquals(before, fx.all());
    assertEquals(9, fx.folder.lastSequence());
  }

  @Test
  void aModifiedFileIsRehashedAndGetsTheNextVersion() throws Exception {
    musicTree();
    fx.scan();
    FileRecord old = fx.record("Artist/Album/cover.jpg");
    Path cover = fx.root.resolve("Artist/Album/cover.jpg");
    Files.write(cover, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    Files.setLastModifiedTime(cover, FileTime.fromMillis(1_900_000_000_000L));
    ScanReport r = fx.scan();
    assertEquals(1, r.changed());
    assertEquals(1, r.hashedFiles());
    FileRecord now = fx.assertChunksMatchDisk("Artist/Album/cover.jpg");
    assertEquals(80_003, now.size());
    assertEquals(old.version().counter(ScanFixture.ME) + 1, now.version().counter(ScanFixture.ME),
        "same second: the counter goes up by one");
    assertEquals(10, now.sequence());
    List<String> log = new ArrayList<>();
    fx.folder.forEachSince(0, rec -> log.add(rec.path()));
    assertEquals(1, log.stream().filter(p -> p.equals("Artist/Album/cover.jpg")).count(), "one change-log entry per path");

    fx.clock.now = fx.clock.now.plusSeconds(500);
    Files.setLastModifiedTime(cover, FileTime.fromMillis(1_950_000_000_000L));
    fx.scan();
    assertEquals(1_800_000_500L, fx.record("Artist/Album/cover.jpg").version().counter(ScanFixture.ME),
        "a later change takes the clock's seconds");
  }

  @Test
  void aPermissionChangeKeepsTheChunksAndBumpsTheVersion() throws Exception {
    musicTree();
    fx.scan();
    FileRecord old = fx.record("Artist/Album/cover.jpg");
    chorus.fsindex.store.CtimeTicks.waitForNextCtimeTick(fx.root);
    Files.setPosixFilePermissions(fx.root.resolve("Artist/Album/cover.jpg"), PosixFilePermissions.fromString("rw-------"));
    ScanReport r = fx.scan();
    assertEquals(1, r.changed());
    assertEquals(1, r.hashedFiles(), "a chmod moves the ctime, so the file is read again");
    FileRecord now = fx.record("Artist/Album/cover.jpg");
    assertEquals(0600, now.permissions());
    assertEquals(old.chunks(), now.chunks());
    assertEquals(old.contentHash(), now.contentHash());
    assertEquals(old.version().counter(ScanFixture.ME) + 1, now.version().counter(ScanFixture.ME));
    assertTrue(now.ctimeNs() > old.ctimeNs());
    ScanReport again = fx.scan();
    assertEquals(0, again.hashedFiles() + again.changed(), "the new ctime is stored: the next rescan only stats");
  }

  @Test
  void deletionsBecomeTombstonesDownTheWholeSubtree() throws Exception {
    musicTree();
    fx.write("Artist/Album/CD2/01 More.flac", 10_000, 4);
    fx.scan();
    FileRecord before = fx.record("Artist/Album/01 Title.flac");
    Files.delete(fx.root.resolve("empty.txt"));
    deleteTree(fx.root.resolve("Artist"));
    ScanReport r = fx.scan();
    assertEquals(7, r.deleted(), "empty.txt, three directories, three files below them");
    for (String p : List.of("empty.txt", "Artist", "Artist/Album", "Artist/Album/CD2", "Artist/Album/01 Title.flac",
        "Artist/Album/cover.jpg",
        "Artist/Album/CD2/01 More.flac")) {
      FileRecord t = fx.record(p);
      assertTrue(t.deleted(), p);
      assertTrue(t.chunks().isEmpty());
    }
    FileRecord tomb = fx.record("Artist/Album/01 Title.flac");
    assertEquals(before.version().counter(ScanFixture.ME) + 1, tomb.version().counter(ScanFixture.ME));
    assertTrue(fx.index.locate(before.chunks().get(0).hash()).isEmpty(), "a deleted file's chunks are not served");
    ScanReport again = fx.scan();
    assertEquals(0, again.deleted(), "tombstones are not tombstoned again");
  }

  @Test
  void aRenameIsADeleteAndAnAddWithTheSameContent() throws Exception {
    musicTree();
    fx.scan();
    FileRecord old = fx.record("Artist/Album/cover.jpg");
    Files.move(fx.root.resolve("Artist/Album/cover.jpg"), fx.root.resolve("Artist/Album/folder.jpg"));
    ScanReport r = fx.scan();
    assertEquals(1, r.deleted());
    assertEquals(1, r.added());
    assertTrue(fx.record("Artist/Album/cover.jpg").deleted());
    FileRecord moved = fx.record("Artist/Album/folder.jpg");
    assertEquals(old.contentHash(), moved.contentHash());
    assertEquals("Artist/Album/folder.jpg", fx.index.locate(old.chunks().get(0).hash()).get(0).path());
  }

  @Test
  void aPathThatChangesTypeIsReplaced() throws Exception {
    fx.write("x/inner.bin", 1000, 5);
    fx.write("y", 1000, 6);
    fx.scan();
    deleteTree(fx.root.resolve("x"));
    fx.write("x", 2000, 7);
    Files.delete(fx.root.resolve("y"));
    fx.write("y/inner2.bin", 1000, 8);
    ScanReport r = fx.scan();
    assertEquals(FileType.FILE, fx.record("x").type());
    assertTrue(fx.record("x/inner.bin").deleted());
    assertEquals(FileType.DIRECTORY, fx.record("y").type());
    assertFalse(fx.record("y/inner2.bin").deleted());
    assertEquals(0, r.problemCount());
  }

  @Test
  void rescanningSubtreesLooksOnlyThereAndRecordsNewAncestors() throws Exception {
    musicTree();
    fx.scan();
    fx.write("Artist/Album/02 New.flac", 5000, 9);
    Files.delete(fx.root.resolve("empty.txt"));
    ScanReport r = fx.scan("Artist/Album");
    assertEquals(1, r.added());
    assertEquals(0, r.deleted(), "empty.txt is outside the subtree");
    assertFalse(fx.record("empty.txt").deleted());

    fx.write("New Artist/New Album/01.mp3", 5000, 10);
    ScanReport deep = fx.scan("New Artist/New Album/01.mp3");
    assertEquals(3, deep.added(), "the file and both new parent directories");
    assertEquals(FileType.DIRECTORY, fx.record("New Artist").type());

    deleteTree(fx.root.resolve("New Artist"));
    ScanReport gone = fx.scan("New Artist/New Album", "New Artist");
    assertEquals(3, gone.deleted());
  }

  @Test
  void refusesToScanAMissingRootInsteadOfDeletingEverything() throws Exception {
    musicTree();
    fx.scan();
    deleteTree(fx.root);
    assertThrows(IllegalStateException.class, () -> fx.scan());
    assertFalse(fx.record("Artist").deleted());
  }

  @Test
  void normalizeDropsNestedSubtrees() {
    assertEquals(List.of(""), Scanner.normalize(List.of("a/b", "", "c")));
    assertEquals(List.of("a", "ab"), Scanner.normalize(List.of("a/b", "a", "ab", "a/")));
    assertThrows(IllegalArgumentException.class, () -> Scanner.normalize(List.of("../etc")));
  }

  static void deleteTree(Path p) throws Exception {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteTree(c);
        }
      }
    }
    Files.delete(p);
  }
}
