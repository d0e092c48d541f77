package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder totals kept in the index: equal to a count over every record after each kind of change,
 * after a reopen, after a crash (no close), and counted again when the stored entry is missing. Also the
 * in-place rewrite of local facts, and the schema version check.
 */
class FolderTotalsTest {
  static final FolderId MUSIC = FolderId.of("music");

  @TempDir Path dir;
  AtomicLong ids = new AtomicLong(1000);
  RocksIndex index;

  @BeforeEach
  void open() {
    index = open(dir.resolve("index"));
  }

  RocksIndex open(Path at) {
    return RocksIndex.open(at, IndexOptions.DEFAULT, ids::incrementAndGet);
  }

  @AfterEach
  void close() {
    index.close();
  }

  FolderIndex music() {
    return index.folder(MUSIC);
  }

  void assertTotals(long files, long dirs, long links, long bytes, long tombstones) {
    FolderTotals expected = new FolderTotals(files, dirs, links, bytes, tombstones);
    assertEquals(expected, BruteForce.totals(music()), "brute force");
    assertEquals(expected, music().totals(), "kept");
  }

  /** Creates, modifies, deletes, renames and resurrects; the kept totals always equal the count. */
  void makeChanges() {
    FolderIndex f = music();
    assertTotals(0, 0, 0, 0, 0);
    f.commit(Records.dir("A"));
    f.commit(Records.file("A/1.flac", 1, 2, 3));
    f.commit(Records.symlink("latest", "A"));
    assertTotals(1, 1, 1, 3000, 0);
    f.commit(Records.file("A/1.flac", 1, 2)); // modified: smaller
    assertTotals(1, 1, 1, 2000, 0);
    f.update("A/1.flac", old -> old.toTombstone(Records.ME, 1_800_000_000L)); // deleted
    assertTotals(0, 1, 1, 0, 1);
    f.update("A/1.flac", old -> old.toTombstone(Records.ME, 1_800_000_001L)); // a tombstone again
    assertTotals(0, 1, 1, 0, 1);
    // A rename: the old path becomes a tombstone, the new one a file, in one group.
    f.commit(Records.file("A/2.flac", 4));
    f.updateAll(List.of(
        new FolderIndex.Change("A/2.flac", old -> old.toTombstone(Records.ME, 1_800_000_002L)),
        new FolderIndex.Change("A/3.flac", old -> Records.file("A/3.flac", 4))));
    assertTotals(1, 1, 1, 1000, 2);
    f.commit(Records.file("A/1.flac", 5, 6, 7, 8)); // resurrected over its tombstone
    assertTotals(2, 1, 1, 5000, 1);
    f.commit(Records.dir("latest")); // a symlink replaced by a directory
    f.updateAll(List.of( // the same path twice in one group
        new FolderIndex.Change("B", old -> Records.file("B", 9)),
        new FolderIndex.Change("B", old -> Records.file("B", 9, 10))));
    assertTotals(3, 2, 0, 7000, 1);
    f.update("A/3.flac", old -> null); // nothing to do
    assertTotals(3, 2, 0, 7000, 1);
  }

  @Test
  void totalsFollowEveryKindOfChangeAndSurviveReopen() {
    makeChanges();
    index.close();
    index = open(dir.resolve("index"));
    assertTotals(3, 2, 0, 7000, 1);
  }

  @Test
  void aFailedGroupLeavesTheTotalsAsTheyWere() {
    makeChanges();
    assertThrows(IllegalArgumentException.class, () -> music().updateAll(List.of(
        new FolderIndex.Change("C", old -> Records.file("C", 11)),
        new FolderIndex.Change("D", old -> Records.file("not D", 12)))));
    assertTotals(3, 2, 0, 7000, 1);
  }

  @Test
  void totalsSurviveACrash() throws IOException {
    makeChanges();
    music().commit(Records.file("after/the/last/sync.flac", 20, 21)); // in the log, never synced or closed
    // What a crash leaves on disk: the files as they are now, the database never closed.
    Path copy = dir.resolve("crashed");
    copyTree(dir.resolve("index"), copy);
    try (RocksIndex crashed = open(copy)) {
      FolderIndex f = crashed.findFolder(MUSIC).orElseThrow();
      assertEquals(BruteForce.totals(f), f.totals());
      assertEquals(new FolderTotals(4, 2, 0, 9000, 1), f.totals());
    }
  }

  @Test
  void missingOrBadTotalsAreCountedAgainAtOpen() {
    makeChanges();
    byte[] k = KeySchema.metaTotals(1);
    index.deleteRange("test", KeySchema.META, index.meta, k, KeySchema.upperBound(k));
    index.close();
    index = open(dir.resolve("index"));
    assertTotals(3, 2, 0, 7000, 1);
    assertTrue(index.get("test", KeySchema.META, index.meta, k) != null, "stored again");

    index.put("test", KeySchema.META, index.meta, k, new byte[] {1, 2, 3});
    index.close();
    index = open(dir.resolve("index"));
    assertTotals(3, 2, 0, 7000, 1);
  }

  @Test
  void totalsThatDecodeButAreWrongAreCountedAgainInsteadOfBlockingChanges() {
    makeChanges();
    byte[] k = KeySchema.metaTotals(1);
    index.put("test", KeySchema.META, index.meta, k, FolderTotals.EMPTY.encode()); // plausible, but wrong
    index.close();
    index = open(dir.resolve("index"));
    FolderIndex f = music();
    FileRecord live = f.get("A/1.flac").orElseThrow();
    f.update("A/1.flac", old -> old.toTombstone(Records.ME, 1_800_000_003L)); // would take the counts below zero
    assertTotals(2, 2, 0, 7000 - live.size(), 2);
    f.updateAll(List.of(new FolderIndex.Change("B", old -> old.toTombstone(Records.ME, 1_800_000_004L))));
    assertEquals(BruteForce.totals(music()), music().totals());
  }

  @Test
  void aReadOnlyIndexCountsMissingTotalsWithoutWriting() {
    makeChanges();
    byte[] k = KeySchema.metaTotals(1);
    index.deleteRange("test", KeySchema.META, index.meta, k, KeySchema.upperBound(k));
    index.close();
    try (RocksIndex ro = RocksIndex.openReadOnly(dir.resolve("index"))) {
      assertEquals(new FolderTotals(3, 2, 0, 7000, 1), ro.findFolder(MUSIC).orElseThrow().totals());
      assertEquals(null, ro.get("test", KeySchema.META, ro.meta, k));
    }
    index = open(dir.resolve("index"));
  }

  @Test
  void aChangeOfLocalFactsOnlyKeepsItsSequenceAndChangeLogEntry() {
    FolderIndex f = music();
    FileRecord a = f.commit(Records.file("a", 1));
    f.commit(Records.file("b", 2));
    FileRecord moved = f.update("a", old -> old.withLocalFacts(99, 7, old.ctimeNs() + 5));
    assertEquals(a.sequence(), moved.sequence());
    assertEquals(2, f.lastSequence());
    assertEquals(moved, f.get("a").orElseThrow());
    assertEquals(99, f.stat("a").orElseThrow().inode());
    List<String> log = new ArrayList<>();
    f.forEachSince(0, r -> log.add(r.path() + "@" + r.sequence()));
    assertEquals(List.of("a@1", "b@2"), log, "no new change-log entry, the old one intact");
    List<FolderIndex.Applied> applied = f.updateAll(List.of(
        new FolderIndex.Change("a", old -> old.withLocalFacts(100, 7, old.ctimeNs())),
        new FolderIndex.Change("b", old -> Records.file("b", 3))));
    assertTrue(applied.get(0).localOnly());
    assertEquals(1, applied.get(0).stored().sequence());
    assertEquals(3, applied.get(1).stored().sequence());
    assertEquals(3, f.lastSequence());
    assertEquals(new FolderTotals(2, 0, 0, 2000, 0), f.totals());
  }

  @Test
  void anIndexOfAnotherSchemaVersionIsRefusedWithHowToRebuildIt() {
    index.put("test", KeySchema.META, index.meta, KeySchema.META_SCHEMA, new ByteWriter(4).u32(1).toBytes());
    index.close();
    Path at = dir.resolve("index").toAbsolutePath();
    StorageException e = assertThrows(StorageException.class, () -> open(at));
    assertTrue(e.getMessage().contains("schema version 1; this chorus reads version " + KeySchema.SCHEMA_VERSION),
        e.getMessage());
    assertTrue(e.getMessage().contains("mv " + at + " " + at + ".v1"), e.getMessage());
    assertTrue(e.getMessage().contains("rescans every folder"), e.getMessage());
    index = open(dir.resolve("other")); // for tearDown
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
