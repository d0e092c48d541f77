package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.sync.IndexMark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's contract, against real RocksDB in a temp directory. */
class FolderIndexTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final FolderId OTHER = FolderId.of("other");
  static final DeviceId PEER_A = DeviceId.ofBytes(filled(1));
  static final DeviceId PEER_B = DeviceId.ofBytes(filled(2));

  @TempDir Path dir;
  AtomicLong ids = new AtomicLong(1000);
  RocksIndex index;

  static byte[] filled(int v) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  @BeforeEach
  void open() {
    index = RocksIndex.open(dir.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet);
  }

  @AfterEach
  void close() {
    index.close();
  }

  void reopen() {
    index.close();
    open();
  }

  @Test
  void foldersGetAnIndexIdOnceAndKeepItAcrossReopen() {
    FolderIndex music = index.folder(MUSIC);
    FolderIndex other = index.folder(OTHER);
    assertEquals(1001, music.indexId());
    assertEquals(1002, other.indexId());
    assertEquals(music, index.folder(MUSIC));
    reopen();
    assertEquals(1001, index.folder(MUSIC).indexId());
    assertEquals(1002, index.findFolder(OTHER).orElseThrow().indexId());
    assertTrue(index.findFolder(FolderId.of("never")).isEmpty());
    assertEquals(List.of(MUSIC, OTHER), index.folderIds());
  }

  @Test
  void commitAssignsSequencesAndTheRecordSurvivesReopen() {
    FolderIndex f = index.folder(MUSIC);
    FileRecord a = f.commit(Records.file("Artist/a.flac", 1, 2));
    FileRecord b = f.commit(Records.dir("Artist"));
    assertEquals(1, a.sequence());
    assertEquals(2, b.sequence());
    assertEquals(2, f.lastSequence());
    reopen();
    f = index.folder(MUSIC);
    assertEquals(2, f.lastSequence());
    assertEquals(a, f.get("Artist/a.flac").orElseThrow());
    assertEquals(b, f.get("Artist").orElseThrow());
    assertTrue(f.get("Artist/none").isEmpty());
    assertTrue(index.folder(OTHER).get("Artist").isEmpty(), "folders do not see each other's records");
  }

  @Test
  void theChangeLogHoldsEachPathOnceAtItsLatestSequence() {
    FolderIndex f = index.folder(MUSIC);
    f.commit(Records.file("a", 1));
    f.commit(Records.file("b", 2));
    f.commit(Records.file("a", 3));
    List<String> seen = new ArrayList<>();
    f.forEachSince(0, r -> seen.add(r.path() + "@" + r.sequence()));
    assertEquals(List.of("b@2", "a@3"), seen);
    seen.clear();
    f.forEachSince(2, r -> seen.add(r.path() + "@" + r.sequence()));
    assertEquals(List.of("a@3"), seen);
  }

  @Test
  void childrenListsOneDirectoryLevelAndSkipsSubtrees() {
    FolderIndex f = index.folder(MUSIC);
    for (String p : List.of("b", "b.txt", "b/c", "b/c/d", "b/e", "b0", "a!", "x/y/z", "ä")) {
      f.commit(p.equals("b") ? Records.dir(p) : Records.file(p, p.hashCode()));
    }
    List<IndexChild> root = f.children("");
    assertEquals(List.of("a!", "b", "b.txt", "b0", "x", "ä"), root.stream().map(IndexChild::name).toList());
    IndexChild b = root.get(1);
    assertTrue(b.hasDescendants());
    assertEquals(chorus.core.model.FileType.DIRECTORY, b.stat().type());
    IndexChild x = root.get(4);
    assertNull(x.stat(), "x has no record of its own");
    assertTrue(x.hasDescendants());
    assertFalse(root.get(2).hasDescendants());
    assertEquals(List.of("c", "e"), f.children("b").stream().map(IndexChild::name).toList());
    assertEquals(List.of(), f.children("b.txt"));
  }

  @Test
  void iteratesByPathPrefix() {
    FolderIndex f = index.folder(MUSIC);
    for (String p : List.of("A/1", "A/2", "AB/3", "B/4")) {
      f.commit(Records.file(p, p.hashCode()));
    }
    List<String> seen = new ArrayList<>();
    f.forEach("A/", r -> seen.add(r.path()));
    assertEquals(List.of("A/1", "A/2"), seen);
    seen.clear();
    f.forEach("A", r -> seen.add(r.path()));
    assertEquals(List.of("A/1", "A/2", "AB/3"), seen);
    seen.clear();
    f.forEach("", r -> seen.add(r.path()) && seen.size() < 2);
    assertEquals(List.of("A/1", "A/2"), seen, "the visitor stops the iteration");
    List<String> stats = new ArrayList<>();
    f.forEachStat("B", (p, s) -> stats.add(p + ":" + s.size()));
    assertEquals(List.of("B/4:1000"), stats);
  }

  @Test
  void chunkEntriesFollowTheRecord() {
    FolderIndex f = index.folder(MUSIC);
    f.commit(Records.file("a.flac", 1, 2, 1));
    f.commit(Records.file("copy.flac", 2));
    assertEquals(List.of(new ChunkLocation(MUSIC, "a.flac", 0, 1000)), index.locate(Records.hash(1)),
        "a hash repeated in a file is kept at its first place");
    assertEquals(2, index.locate(Records.hash(2)).size());
    f.commit(Records.file("a.flac", 3, 2));
    assertEquals(List.of(), index.locate(Records.hash(1)));
    assertEquals(List.of(new ChunkLocation(MUSIC, "a.flac", 1000, 1000), new ChunkLocation(MUSIC, "copy.flac", 0, 1000)),
        index.locate(Records.hash(2)), "the moved chunk has its new offset");
    assertEquals(List.of(), index.locate(Records.hash(99)));
  }

  @Test
  void heldFindsInOnePassWhichHashesHaveALocalCopy() {
    FolderIndex f = index.folder(MUSIC);
    f.commit(Records.file("a.flac", 1, 2, 1));
    f.commit(Records.file("b.flac", 7));
    assertEquals(java.util.Set.of(), index.held(List.of()));
    assertEquals(java.util.Set.of(Records.hash(1), Records.hash(2), Records.hash(7)),
        index.held(List.of(Records.hash(99), Records.hash(7), Records.hash(1), Records.hash(2), Records.hash(1),
            Records.hash(50))), "present ones only, whatever the order and repeats");
    f.commit(Records.file("b.flac", 8));
    assertEquals(java.util.Set.of(Records.hash(8)), index.held(List.of(Records.hash(7), Records.hash(8))),
        "a chunk the record no longer has is not held");
  }

  @Test
  void tombstonesKeepThePathAndDropTheChunks() {
    FolderIndex f = index.folder(MUSIC);
    FileRecord live = f.commit(Records.file("gone.mp3", 5));
    FileRecord dead = f.commit(live.toTombstone(Records.ME, 1_900_000_000L));
    assertTrue(dead.deleted());
    assertEquals(2, dead.sequence());
    assertEquals(1_900_000_000L, dead.version().counter(Records.ME));
    assertEquals(dead, f.get("gone.mp3").orElseThrow());
    assertEquals(List.of(), index.locate(Records.hash(5)));
    assertTrue(f.stat("gone.mp3").orElseThrow().deleted());
  }

  @Test
  void aFailedChangeLeavesNothingBehind() {
    FolderIndex f = index.folder(MUSIC);
    f.commit(Records.file("a", 1));
    assertThrows(IllegalStateException.class, () -> f.update("a", old -> {
      throw new IllegalStateException("change fails half-way");
    }));
    FileRecord wrongHash = new FileRecord("a", chorus.core.model.FileType.FILE, 1000, 1, 0644, 1, 1, 1, false,
        Records.file("a", 2).version(), 0, Records.ME, Records.file("a", 2).chunks(), Records.hash(77), null);
    assertThrows(IllegalArgumentException.class, () -> f.commit(wrongHash));
    assertEquals(1, f.lastSequence());
    assertEquals(Records.file("a", 1).withSequence(1), f.get("a").orElseThrow());
    assertEquals(1, index.locate(Records.hash(1)).size());
    assertEquals(List.of(), index.locate(Records.hash(2)));
    assertNull(f.update("a", old -> null), "a change that returns null writes nothing");
    assertEquals(1, f.lastSequence());
  }

  @Test
  void aGroupOfChangesIsWrittenTogetherInOrder() {
    FolderIndex f = index.folder(MUSIC);
    f.commit(Records.file("a", 1));
    List<FolderIndex.Applied> applied = f.updateAll(List.of(
        new FolderIndex.Change("b", old -> Records.file("b", 2)),
        new FolderIndex.Change("a", old -> null),
        new FolderIndex.Change("b", old -> old.toTombstone(Records.ME, 1_900_000_000L)),
        new FolderIndex.Change("c", old -> Records.dir("c"))));
    assertEquals(4, applied.size());
    assertEquals(2, applied.get(0).stored().sequence());
    assertNull(applied.get(1).stored());
    assertEquals(applied.get(0).stored(), applied.get(2).before(), "a later change sees the earlier one");
    assertEquals(3, applied.get(2).stored().sequence());
    assertEquals(4, f.lastSequence());
    assertTrue(f.get("b").orElseThrow().deleted());
    assertEquals(List.of(), index.locate(Records.hash(2)), "the tombstone removed the chunk added in the group");
    List<String> log = new ArrayList<>();
    f.forEachSince(0, r -> log.add(r.path() + "@" + r.sequence()));
    assertEquals(List.of("a@1", "b@3", "c@4"), log);
    assertThrows(IllegalArgumentException.class, () -> f.updateAll(List.of(
        new FolderIndex.Change("d", old -> Records.file("d", 5)),
        new FolderIndex.Change("e", old -> Records.file("not-e", 6)))));
    assertTrue(f.get("d").isEmpty(), "a group that fails half-way writes nothing");
    assertEquals(4, f.lastSequence());
  }

  @Test
  void peersRecordsAreKeptPerFolderAndDevice() {
    FolderIndex f = index.folder(MUSIC);
    FileRecord x = Records.file("x", 1).withSequence(7);
    f.putPeer(PEER_A, x);
    f.putPeer(PEER_A, Records.dir("d").withSequence(8));
    f.putPeer(PEER_B, Records.file("x", 2).withSequence(1));
    index.folder(OTHER).putPeer(PEER_A, Records.file("y", 3));
    assertEquals(x, f.getPeer(PEER_A, "x").orElseThrow());
    List<String> a = new ArrayList<>();
    f.forEachPeer(PEER_A, r -> a.add(r.path()));
    assertEquals(List.of("d", "x"), a);
    assertTrue(index.locate(Records.hash(1)).isEmpty(), "a peer's chunks are not ours to serve");
    f.setPeerProgress(PEER_A, new IndexMark(555, 8));
    assertEquals(new IndexMark(555, 8), f.peerProgress(PEER_A).orElseThrow());
    assertTrue(f.peerProgress(PEER_B).isEmpty());
    f.clearPeer(PEER_A);
    a.clear();
    f.forEachPeer(PEER_A, r -> a.add(r.path()));
    assertEquals(List.of(), a);
    assertTrue(f.peerProgress(PEER_A).isEmpty());
    assertTrue(f.getPeer(PEER_B, "x").isPresent(), "other devices untouched");
    assertTrue(index.folder(OTHER).getPeer(PEER_A, "y").isPresent(), "other folders untouched");
  }

  @Test
  void peerRecordsAndTheirProgressAreWrittenTogetherOrNotAtAll() {
    FolderIndex f = index.folder(MUSIC);
    f.putPeers(PEER_A, List.of(Records.file("x", 1).withSequence(3), Records.dir("d").withSequence(4)),
        new IndexMark(77, 4), false);
    reopen();
    f = index.folder(MUSIC);
    assertEquals(new IndexMark(77, 4), f.peerProgress(PEER_A).orElseThrow());
    assertEquals(3, f.getPeer(PEER_A, "x").orElseThrow().sequence());
    FileRecord good = Records.file("y", 2).withSequence(5);
    FileRecord x = Records.file("z", 3).withSequence(6);
    FileRecord lying = new FileRecord("z", x.type(), x.size(), x.mtimeNs(), x.permissions(), 0, 0, 0, false,
        x.version(), 6, x.modifiedBy(), x.chunks(), Records.hash(9), null);
    FolderIndex g = f;
    assertThrows(IllegalArgumentException.class, () -> g.putPeers(PEER_A, List.of(good, lying), new IndexMark(77, 6), true));
    assertTrue(f.getPeer(PEER_A, "y").isEmpty(), "nothing of a refused batch is written");
    assertEquals(new IndexMark(77, 4), f.peerProgress(PEER_A).orElseThrow());
    assertTrue(f.getPeer(PEER_A, "x").isPresent(), "a refused full batch forgets nothing");
    f.putPeers(PEER_A, List.of(good), new IndexMark(78, 5), true);
    List<String> paths = new ArrayList<>();
    f.forEachPeer(PEER_A, r -> paths.add(r.path()));
    assertEquals(List.of("y"), paths, "a full batch replaces what was held, in the same write");
    assertEquals(new IndexMark(78, 5), f.peerProgress(PEER_A).orElseThrow());
  }

  @Test
  void closeIsIdempotentAndLaterCallsFailClearly() {
    FolderIndex f = index.folder(MUSIC);
    index.close();
    index.close();
    StorageException e = assertThrows(StorageException.class, () -> f.get("Artist/a.flac"));
    assertEquals("get", e.operation());
    assertTrue(e.key().contains("Artist/a.flac"), e.key());
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(StorageException.class, () -> f.commit(Records.file("b", 1)));
  }

  @Test
  void storageErrorsNameTheOperationAndPlace() throws Exception {
    StorageException locked = assertThrows(StorageException.class,
        () -> RocksIndex.open(dir.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet));
    assertEquals("open", locked.operation());
    assertTrue(locked.getMessage().toLowerCase().contains("lock"), locked.getMessage());

    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    StorageException notDir = assertThrows(StorageException.class, () -> RocksIndex.open(file));
    assertEquals("open", notDir.operation());

    FolderIndex f = index.folder(MUSIC);
    index.put("test", KeySchema.FILES, index.files, KeySchema.file(1, "bad"), new byte[] {9, 9});
    StorageException corrupt = assertThrows(StorageException.class, () -> f.get("bad"));
    assertTrue(corrupt.getMessage().contains("corrupt") && corrupt.key().contains("bad"), corrupt.getMessage());
  }

  @Test
  void aReadOnlyViewSeesCommittedRecordsWhileTheWriterHoldsTheIndex() {
    index.folder(MUSIC).commit(Records.file("a", 1));
    try (RocksIndex reader = RocksIndex.openReadOnly(dir.resolve("index"))) {
      assertEquals(1, reader.findFolder(MUSIC).orElseThrow().get("a").orElseThrow().sequence());
      assertThrows(StorageException.class, () -> reader.folder(OTHER));
      assertThrows(StorageException.class, () -> reader.findFolder(MUSIC).orElseThrow().commit(Records.file("b", 2)));
    }
    assertThrows(StorageException.class, () -> RocksIndex.openReadOnly(dir.resolve("nothing-here")));
  }

  @Test
  void refusesAnIndexWithAnotherSchemaVersion() {
    index.put("test", KeySchema.META, index.meta, KeySchema.META_SCHEMA, new ByteWriter(4).u32(99).toBytes());
    index.close();
    StorageException e = assertThrows(StorageException.class, () -> RocksIndex.open(dir.resolve("index")));
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
  }

  @Test
  void refusesAnIndexBuiltWithAnotherChunking() {
    index.put("test", KeySchema.META, index.meta, KeySchema.META_CHUNKING, new byte[32]);
    index.close();
    StorageException e = assertThrows(StorageException.class, () -> RocksIndex.open(dir.resolve("index")));
    assertTrue(e.getMessage().contains("cut files into chunks differently"), e.getMessage());
    assertTrue(e.getMessage().contains("mv "), "says how to rebuild: " + e.getMessage());
  }

  @Test
  void keySchemaOrdersSequencesNumerically() {
    assertTrue(java.util.Arrays.compareUnsigned(KeySchema.sequence(1, 255), KeySchema.sequence(1, 256)) < 0);
    assertTrue(java.util.Arrays.compareUnsigned(KeySchema.sequence(1, Long.MAX_VALUE), KeySchema.sequence(2, 1)) < 0);
    assertNotEquals(KeySchema.describe(KeySchema.CHUNKS, KeySchema.chunk(Records.hash(1), 3, "p")), null);
    assertEquals("files[3:a/b]", KeySchema.describe(KeySchema.FILES, KeySchema.file(3, "a/b")));
  }
}
