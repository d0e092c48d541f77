package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.port.ChunkSource.Status;
import chorus.core.protocol.ChunkHint;
import chorus.fsindex.scan.ScanFilter;
import chorus.fsindex.scan.ScanOptions;
import chorus.fsindex.scan.Scanner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexedChunkSourceTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final DeviceId PEER = DeviceId.ofBytes(new byte[32]);

  @TempDir Path tmp;
  Path root;
  RocksIndex index;
  List<String> changed = new ArrayList<>();
  IndexedChunkSource source;
  byte[] content;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("music"));
    content = new byte[2_000_000];
    new SplittableRandom(5).nextBytes(content);
    Files.write(root.resolve("a.flac"), content);
    AtomicLong ids = new AtomicLong();
    index = RocksIndex.open(tmp.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet);
    scan();
    source = new IndexedChunkSource(index, Map.of(MUSIC, root), (device, folder) -> device.equals(PEER), List.of(),
        (folder, path) -> changed.add(folder + ":" + path));
  }

  void scan() throws InterruptedException {
    new Scanner(index.folder(MUSIC), root, ScanFilter.NONE, new ShortId(1),
        Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC), ScanOptions.defaults()).scan();
  }

  @AfterEach
  void tearDown() {
    index.close();
  }

  FileRecord record(String path) {
    return index.folder(MUSIC).get(path).orElseThrow();
  }

  @Test
  void servesEveryChunkOfAnIndexedFile() throws Exception {
    for (ChunkRef c : record("a.flac").chunks()) {
      ByteBuffer target = ByteBuffer.allocate(c.length() + 10);
      target.position(5);
      assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target));
      assertEquals(5 + c.length(), target.position());
      assertArrayEquals(Arrays.copyOfRange(content, (int) c.offset(), (int) c.end()),
          Arrays.copyOfRange(target.array(), 5, 5 + c.length()));
    }
    assertEquals(List.of(), changed);
    assertEquals(1, source.servedFiles(), "the file's record is kept after its first chunk");
    assertEquals(record("a.flac").chunks().size(), source.servedChunks());
  }

  @Test
  void aRightHintServesWithoutSearchingTheIndexAndAWrongOneIsIgnored() throws Exception {
    byte[] small = new byte[3000];
    new SplittableRandom(13).nextBytes(small);
    Files.write(root.resolve("small.txt"), small);
    scan();
    ChunkRef only = record("small.txt").chunks().get(0);
    ByteBuffer target = ByteBuffer.allocate(only.length());
    assertEquals(Status.OK, source.read(PEER, only.hash(), only.length(), new ChunkHint(MUSIC, "small.txt", 0), target));
    assertArrayEquals(small, target.array());
    assertEquals(0, source.indexSearches(), "the hinted record answered");
    // Wrong in every way a hint can be: the bytes still come, found by hash.
    List<ChunkHint> wrong = List.of(new ChunkHint(MUSIC, "small.txt", 1), new ChunkHint(MUSIC, "a.flac", 0),
        new ChunkHint(MUSIC, "no/such/file", 0), new ChunkHint(FolderId.of("other"), "small.txt", 0));
    for (ChunkHint hint : wrong) {
      target.clear();
      assertEquals(Status.OK, source.read(PEER, only.hash(), only.length(), hint, target), hint.toString());
      assertArrayEquals(small, target.array());
    }
    assertEquals(wrong.size(), source.indexSearches());
    assertEquals(List.of(), changed);
  }

  @Test
  void aHintIntoAFolderTheRequesterMayNotReadIsNotFollowed() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("secret"));
    byte[] bytes = new byte[5000];
    new SplittableRandom(14).nextBytes(bytes);
    Files.write(secret.resolve("s.txt"), bytes);
    FolderId hidden = FolderId.of("secret");
    new Scanner(index.folder(hidden), secret, ScanFilter.NONE, new ShortId(1),
        Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC), ScanOptions.defaults()).scan();
    IndexedChunkSource both = new IndexedChunkSource(index, Map.of(MUSIC, root, hidden, secret),
        (device, folder) -> folder.equals(MUSIC), List.of(), IndexedChunkSource.ChangeListener.NONE);
    ChunkRef c = index.folder(hidden).get("s.txt").orElseThrow().chunks().get(0);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.NOT_FOUND, both.read(PEER, c.hash(), c.length(), new ChunkHint(hidden, "s.txt", 0), target));
    assertEquals(0, target.position());
  }

  @Test
  void aKeptRecordServesOnlyTheDevicesTheFolderIsSharedWith() throws Exception {
    List<ChunkRef> chunks = record("a.flac").chunks();
    assertEquals(Status.OK, source.read(PEER, chunks.get(0).hash(), chunks.get(0).length(),
        ByteBuffer.allocate(chunks.get(0).length())));
    assertEquals(1, source.servedFiles());
    DeviceId stranger = DeviceId.ofBytes(new byte[] {9, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    ChunkRef c = chunks.get(1);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.NOT_FOUND, source.read(stranger, c.hash(), c.length(), target));
    assertEquals(0, target.position());
  }

  @Test
  void keptRecordsStayWithinTheirBoundAndSingleChunkFilesAreNotKept() throws Exception {
    byte[] small = new byte[3000];
    new SplittableRandom(11).nextBytes(small);
    Files.write(root.resolve("small.txt"), small);
    byte[] second = new byte[1_500_000];
    new SplittableRandom(12).nextBytes(second);
    Files.write(root.resolve("b.flac"), second);
    scan();
    int aChunks = record("a.flac").chunks().size();
    int bChunks = record("b.flac").chunks().size();
    IndexedChunkSource bounded = new IndexedChunkSource(index, Map.of(MUSIC, root), (device, folder) -> true,
        List.of(), IndexedChunkSource.ChangeListener.NONE, Math.max(aChunks, bChunks));
    for (String path : List.of("small.txt", "a.flac", "b.flac")) {
      for (ChunkRef c : record(path).chunks()) {
        ByteBuffer target = ByteBuffer.allocate(c.length());
        assertEquals(Status.OK, bounded.read(PEER, c.hash(), c.length(), target), path);
        assertTrue(bounded.servedChunks() <= Math.max(aChunks, bChunks), "bound held: " + bounded.servedChunks());
      }
    }
    assertEquals(1, bounded.servedFiles(), "a.flac made room for b.flac; small.txt, one chunk, was never kept");
    assertEquals(bChunks, bounded.servedChunks());
  }

  @Test
  void aDeviceTheFolderIsNotSharedWithGetsNotFoundAsForAnAbsentChunk() throws Exception {
    ChunkRef c = record("a.flac").chunks().get(0);
    ByteBuffer target = ByteBuffer.allocate(1 << 20);
    DeviceId stranger = DeviceId.ofBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    assertEquals(Status.NOT_FOUND, source.read(stranger, c.hash(), c.length(), target));
    assertEquals(0, target.position());
    assertEquals(List.of(), changed, "nothing is read, nothing is rescanned");
    assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target));
  }

  @Test
  void filesUnderANeverServedDirectoryAreNotServedEvenThroughASymlinkedParent() throws Exception {
    byte[] secret = new byte[300_000]; // bytes of their own: no chunk is shared with a.flac
    new SplittableRandom(6).nextBytes(secret);
    Path home = Files.createDirectories(root.resolve("home"));
    Files.write(home.resolve("key.pem"), secret);
    Files.createDirectories(root.resolve("sub"));
    Files.write(root.resolve("sub").resolve("key2.pem"), Arrays.copyOf(secret, 200_000));
    scan();
    // After the scan, sub/ becomes a link into a directory that must never be served.
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.move(root.resolve("sub").resolve("key2.pem"), outside.resolve("key2.pem"));
    Files.delete(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub"), outside);
    IndexedChunkSource guarded = new IndexedChunkSource(index, Map.of(MUSIC, root), (device, folder) -> true,
        List.of(home.toRealPath(), outside.toRealPath()), IndexedChunkSource.ChangeListener.NONE);
    ByteBuffer target = ByteBuffer.allocate(1 << 21);
    for (String path : List.of("home/key.pem", "sub/key2.pem")) {
      ChunkRef c = record(path).chunks().get(record(path).chunks().size() - 1);
      target.clear();
      assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target), path + " is served without the guard");
      target.clear();
      assertEquals(Status.NOT_FOUND, guarded.read(PEER, c.hash(), c.length(), target), path);
      assertEquals(0, target.position());
    }
    ChunkRef a = record("a.flac").chunks().get(0);
    assertEquals(Status.OK, guarded.read(PEER, a.hash(), a.length(), target), "the rest is served");
  }

  @Test
  void answersNotFoundForWhatItDoesNotHold() throws Exception {
    ChunkRef c = record("a.flac").chunks().get(0);
    ByteBuffer target = ByteBuffer.allocate(1 << 20);
    assertEquals(Status.NOT_FOUND, source.read(PEER, ChunkHash.ofBytes(new byte[32]), 100, target));
    assertEquals(Status.NOT_FOUND, source.read(PEER, c.hash(), c.length() + 1, target), "wrong length");
    assertEquals(Status.NOT_FOUND, source.read(PEER, c.hash(), 0, target));
    IndexedChunkSource other = new IndexedChunkSource(index, Map.of(FolderId.of("else"), root), (device, folder) -> true, List.of(),
        IndexedChunkSource.ChangeListener.NONE);
    assertEquals(Status.NOT_FOUND, other.read(PEER, c.hash(), c.length(), target), "folder not served");
    assertEquals(0, target.position());
  }

  @Test
  void aChangedFileIsNotServedAndIsReported() throws Exception {
    ChunkRef c = record("a.flac").chunks().get(1);
    try (FileChannel ch = FileChannel.open(root.resolve("a.flac"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[(int) c.offset()]}), c.offset());
    }
    Files.setLastModifiedTime(root.resolve("a.flac"), FileTime.fromMillis(1_900_000_000_000L));
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target));
    assertEquals(0, target.position());
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aSameSizeEditWithTheMtimeRestoredIsNotServedAsIndexed() throws Exception {
    FileRecord r = record("a.flac");
    ChunkRef c = r.chunks().get(1);
    CtimeTicks.waitForNextCtimeTick(root);
    try (FileChannel ch = FileChannel.open(root.resolve("a.flac"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[(int) c.offset()]}), c.offset());
    }
    Files.setLastModifiedTime(root.resolve("a.flac"), FileTime.from(r.mtimeNs(), java.util.concurrent.TimeUnit.NANOSECONDS));
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target), "size and mtime match; the ctime does not");
    assertEquals(0, target.position());
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aTouchedFileStillServesVerifiedBytesAndAsksForARescan() throws Exception {
    Files.setLastModifiedTime(root.resolve("a.flac"), FileTime.fromMillis(1_900_000_000_000L));
    ChunkRef c = record("a.flac").chunks().get(2);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target));
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aDeletedFileIsChangedAndAnIntactCopyIsUsedInstead() throws Exception {
    Files.write(root.resolve("copy.flac"), content);
    scan();
    ChunkRef c = record("a.flac").chunks().get(0);
    Files.delete(root.resolve("a.flac"));
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target), "served from copy.flac");
    Files.delete(root.resolve("copy.flac"));
    target.clear();
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target));
    assertTrue(changed.contains("music:a.flac") && changed.contains("music:copy.flac"), changed.toString());
  }

  @Test
  void anEditAfterAChunkWasServedFromTheOpenFileIsNotServedAsIndexed() throws Exception {
    FileRecord r = record("a.flac");
    ChunkRef first = r.chunks().get(0);
    ChunkRef c = r.chunks().get(1);
    assertEquals(Status.OK, source.read(PEER, first.hash(), first.length(), ByteBuffer.allocate(first.length())),
        "the file is now open");
    CtimeTicks.waitForNextCtimeTick(root);
    try (FileChannel ch = FileChannel.open(root.resolve("a.flac"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[(int) c.offset()]}), c.offset());
    }
    Files.setLastModifiedTime(root.resolve("a.flac"), FileTime.from(r.mtimeNs(), java.util.concurrent.TimeUnit.NANOSECONDS));
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target), "same size and mtime, later ctime");
    assertEquals(0, target.position());
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aFileReplacedAfterItWasOpenedServesOnlyBytesThatProveThemselves() throws Exception {
    FileRecord r = record("a.flac");
    ChunkRef first = r.chunks().get(0);
    assertEquals(Status.OK, source.read(PEER, first.hash(), first.length(), ByteBuffer.allocate(first.length())));
    byte[] other = new byte[content.length];
    new SplittableRandom(9).nextBytes(other);
    Path next = root.resolve("next.tmp");
    Files.write(next, other);
    Files.move(next, root.resolve("a.flac"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    // The open handle still reads the indexed bytes: they hash right, so they are served, and a rescan is asked for.
    ChunkRef c = r.chunks().get(2);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.OK, source.read(PEER, c.hash(), c.length(), target));
    assertArrayEquals(Arrays.copyOfRange(content, (int) c.offset(), (int) c.end()), target.array());
    assertEquals(List.of("music:a.flac"), changed);
    // The handle was dropped: the next read opens the new file, whose bytes are not the chunk.
    target.clear();
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target));
    assertEquals(0, target.position());
  }

  @Test
  void aFileDeletedAfterItWasOpenedIsChanged() throws Exception {
    FileRecord r = record("a.flac");
    ChunkRef first = r.chunks().get(0);
    assertEquals(Status.OK, source.read(PEER, first.hash(), first.length(), ByteBuffer.allocate(first.length())));
    Files.delete(root.resolve("a.flac"));
    ChunkRef c = r.chunks().get(1);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.CHANGED, source.read(PEER, c.hash(), c.length(), target));
    assertEquals(0, target.position());
    assertEquals(List.of("music:a.flac"), changed);
  }
}
