package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.port.ChunkSource.Status;
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
    source = new IndexedChunkSource(index, Map.of(MUSIC, root), (folder, path) -> changed.add(folder + ":" + path));
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
      assertEquals(Status.OK, source.read(c.hash(), c.length(), target));
      assertEquals(5 + c.length(), target.position());
      assertArrayEquals(Arrays.copyOfRange(content, (int) c.offset(), (int) c.end()),
          Arrays.copyOfRange(target.array(), 5, 5 + c.length()));
    }
    assertEquals(List.of(), changed);
  }

  @Test
  void answersNotFoundForWhatItDoesNotHold() throws Exception {
    ChunkRef c = record("a.flac").chunks().get(0);
    ByteBuffer target = ByteBuffer.allocate(1 << 20);
    assertEquals(Status.NOT_FOUND, source.read(ChunkHash.ofBytes(new byte[32]), 100, target));
    assertEquals(Status.NOT_FOUND, source.read(c.hash(), c.length() + 1, target), "wrong length");
    assertEquals(Status.NOT_FOUND, source.read(c.hash(), 0, target));
    IndexedChunkSource other = new IndexedChunkSource(index, Map.of(FolderId.of("else"), root), IndexedChunkSource.ChangeListener.NONE);
    assertEquals(Status.NOT_FOUND, other.read(c.hash(), c.length(), target), "folder not served");
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
    assertEquals(Status.CHANGED, source.read(c.hash(), c.length(), target));
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
    assertEquals(Status.CHANGED, source.read(c.hash(), c.length(), target), "size and mtime match; the ctime does not");
    assertEquals(0, target.position());
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aTouchedFileStillServesVerifiedBytesAndAsksForARescan() throws Exception {
    Files.setLastModifiedTime(root.resolve("a.flac"), FileTime.fromMillis(1_900_000_000_000L));
    ChunkRef c = record("a.flac").chunks().get(2);
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.OK, source.read(c.hash(), c.length(), target));
    assertEquals(List.of("music:a.flac"), changed);
  }

  @Test
  void aDeletedFileIsChangedAndAnIntactCopyIsUsedInstead() throws Exception {
    Files.write(root.resolve("copy.flac"), content);
    scan();
    ChunkRef c = record("a.flac").chunks().get(0);
    Files.delete(root.resolve("a.flac"));
    ByteBuffer target = ByteBuffer.allocate(c.length());
    assertEquals(Status.OK, source.read(c.hash(), c.length(), target), "served from copy.flac");
    Files.delete(root.resolve("copy.flac"));
    target.clear();
    assertEquals(Status.CHANGED, source.read(c.hash(), c.length(), target));
    assertTrue(changed.contains("music:a.flac") && changed.contains("music:copy.flac"), changed.toString());
  }
}
