package chorus.fsindex.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.port.ChunkBytes;
import chorus.core.port.ChunkFetch;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ChunkHint;
import chorus.core.sync.Resolution;
import chorus.fsindex.chunk.ContentHash;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.IndexOptions;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The puller on real files and a real index, with peers played by a {@link ChunkFetch} of our own: what
 * it writes is verified, hostile records never touch the disk, a symlink never leads a write outside,
 * and a pull interrupted half-way resumes from the chunks already in its temp file.
 */
class FolderPullerTest {
  static final DeviceId GOOD = device(1);
  static final DeviceId LIAR = device(2);
  static final ShortId ME = new ShortId(0x77);

  @TempDir Path tmp;
  RocksIndex index;
  FolderIndex folder;
  Path root;
  final Map<ChunkHash, byte[]> served = new HashMap<>();
  final AtomicLong fetchedFromGood = new AtomicLong();
  /** The hint of each fetch, in any order (the puller fetches from several threads). */
  final List<ChunkHint> hints = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  static DeviceId device(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    return DeviceId.ofBytes(b);
  }

  @BeforeEach
  void setUp() throws Exception {
    AtomicLong ids = new AtomicLong(5);
    index = RocksIndex.open(tmp.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet);
    folder = index.folder(FolderId.of("music"));
    root = Files.createDirectories(tmp.resolve("music"));
  }

  /** Fetched bytes handed out and given back: the puller must close every one it gets (pooled buffers). */
  final java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger givenBack = new java.util.concurrent.atomic.AtomicInteger();

  @AfterEach
  void tearDown() {
    index.close();
    assertEquals(handedOut.get(), givenBack.get(), "every fetched chunk's bytes were closed");
  }

  CompletableFuture<ChunkBytes> tracked(byte[] b) {
    handedOut.incrementAndGet();
    ChunkBytes inner = ChunkBytes.of(b);
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    return CompletableFuture.completedFuture(new ChunkBytes() {
      @Override
      public int length() {
        return inner.length();
      }

      @Override
      public java.nio.ByteBuffer buffer() {
        return inner.buffer();
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          givenBack.incrementAndGet();
        }
      }
    });
  }

  /** A peer that serves what {@link #served} holds; the liar serves garbage. */
  ChunkFetch peers() {
    return (candidates, hash, length, hint) -> {
      hints.add(hint);
      DeviceId from = candidates.get(0);
      if (from.equals(LIAR)) {
        return tracked(new byte[length]);
      }
      byte[] b = served.get(hash);
      if (b == null) {
        return CompletableFuture.failedFuture(new ChunkUnavailableException(hash, ChunkUnavailableException.Reason.NOT_FOUND, "no"));
      }
      fetchedFromGood.addAndGet(b.length);
      return tracked(b.clone());
    };
  }

  FolderPuller puller(ChunkFetch fetch) {
    return new FolderPuller(folder, index, id -> root, root, ME, Clock.systemUTC(), fetch, Archiver.OFF,
        new FolderPuller.PathEffects() {
          @Override
          public void wrote(String path, FileRecord expected) {}

          @Override
          public void changedUnderUs(String path) {}
        }, (applied, seq) -> { }, new FolderPuller.Options(4, 1 << 20, 64));
  }

  /** A file record of random bytes cut into {@code chunkSize} pieces, whose chunks the good peer serves. */
  FileRecord file(String path, int size, int chunkSize, long seed, byte[][] out) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    List<ChunkRef> chunks = new ArrayList<>();
    for (int off = 0; off < size; off += chunkSize) {
      int len = Math.min(chunkSize, size - off);
      byte[] piece = java.util.Arrays.copyOfRange(data, off, off + len);
      ChunkHash h = ChunkHash.wrapDigest(ContentHash.sha256().digest(piece));
      served.put(h, piece);
      chunks.add(new ChunkRef(off, len, h));
    }
    out[0] = data;
    return new FileRecord(path, FileType.FILE, size, 1_700_000_000_000_000_000L, 0644, 0, 0, 0, false,
        VersionVector.EMPTY.update(GOOD.shortId(), 5), 3, GOOD.shortId(), chunks, ContentHash.of(chunks), null);
  }

  static PullTask task(FileRecord target, DeviceId... sources) {
    return new PullTask(target.path(), new Resolution(Resolution.Action.APPLY, target, false, List.of(sources)), null,
        sources.length == 0 ? GOOD : sources[0]);
  }

  @Test
  void aFileIsAssembledVerifiedAndRecorded() throws Exception {
    byte[][] data = new byte[1][];
    FileRecord f = file("Artist/Album/01.flac", 300_000, 64 * 1024, 1, data);
    try (FolderPuller p = puller(peers())) {
      PullOutcome o = p.apply(List.of(task(f, GOOD))).get(0);
      assertTrue(o.ok(), String.valueOf(o.failure()));
    }
    assertArrayEquals(data[0], Files.readAllBytes(root.resolve("Artist/Album/01.flac")));
    List<ChunkHint> expected = f.chunks().stream()
        .map(c -> new ChunkHint(folder.id(), "Artist/Album/01.flac", c.offset())).toList();
    assertEquals(java.util.Set.copyOf(expected), java.util.Set.copyOf(hints),
        "each chunk is asked for where the peer's record of this path holds it");
    assertEquals(expected.size(), hints.size());
    FileRecord stored = folder.get("Artist/Album/01.flac").orElseThrow();
    assertEquals(f.version(), stored.version());
    assertTrue(stored.inode() != 0, "recorded with this disk's facts");
    assertEquals(1_700_000_000_000_000_000L, Files.getLastModifiedTime(root.resolve("Artist/Album/01.flac"))
        .to(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  @Test
  void wrongBytesFromOnePeerAreNeverWrittenAndAnotherPeerServes() throws Exception {
    byte[][] data = new byte[1][];
    FileRecord f = file("a.flac", 200_000, 50_000, 2, data);
    try (FolderPuller p = puller(peers())) {
      PullOutcome o = p.apply(List.of(task(f, LIAR, GOOD))).get(0);
      assertTrue(o.ok(), String.valueOf(o.failure()));
    }
    assertArrayEquals(data[0], Files.readAllBytes(root.resolve("a.flac")));
  }

  @Test
  void onlyALiarMeansNoFileAndAReason() throws Exception {
    byte[][] data = new byte[1][];
    FileRecord f = file("a.flac", 100_000, 50_000, 3, data);
    try (FolderPuller p = puller(peers())) {
      PullOutcome o = p.apply(List.of(task(f, LIAR))).get(0);
      assertFalse(o.ok());
      assertTrue(o.failure().getMessage().contains("wrong bytes"), o.failure().getMessage());
    }
    assertFalse(Files.exists(root.resolve("a.flac")), "nothing unverified under the real name");
    assertTrue(folder.get("a.flac").isEmpty());
  }

  @Test
  void hostileRecordsAreRefusedAndTheRestProceeds() throws Exception {
    byte[][] data = new byte[1][];
    FileRecord good = file("ok.flac", 10_000, 10_000, 4, data);
    FileRecord tmpName = file(".chorus-tmp.x", 10_000, 10_000, 5, data);
    FileRecord versions = file("a/.chorus-versions/y", 10_000, 10_000, 6, data);
    FileRecord setuid = new FileRecord("suid", FileType.FILE, good.size(), good.mtimeNs(), 04755, 0, 0, 0, false,
        good.version(), 1, good.modifiedBy(), good.chunks(), good.contentHash(), null);
    // A peer-made symlink pointing outside, then a file "inside" it.
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    FileRecord through = file("escape/passwd", 10_000, 10_000, 7, data);
    List<PullOutcome> out;
    try (FolderPuller p = puller(peers())) {
      out = p.apply(List.of(task(good, GOOD), task(tmpName, GOOD), task(versions, GOOD), task(setuid, GOOD),
          task(through, GOOD)));
    }
    assertTrue(out.get(0).ok());
    for (PullOutcome o : out.subList(1, out.size())) {
      assertFalse(o.ok(), o.path());
      assertNotNull(o.failure().getMessage());
    }
    assertFalse(out.get(4).failure().retry(), "a write through a symlink is refused for good: "
        + out.get(4).failure().getMessage());
    try (var walk = Files.list(outside)) {
      assertEquals(0, walk.count(), "nothing written outside the folder");
    }
    assertFalse(Files.exists(root.resolve(".chorus-tmp.x")));
    assertFalse(Files.exists(root.resolve("suid")));
  }

  @Test
  void aPullCutShortResumesFromTheChunksInItsTempFile() throws Exception {
    byte[][] data = new byte[1][];
    FileRecord f = file("big.flac", 1_000_000, 100_000, 8, data);
    // First attempt: the peer serves half of the chunks, then disappears.
    AtomicInteger served = new AtomicInteger();
    ChunkFetch flaky = (candidates, hash, length, hint) -> served.incrementAndGet() > 5
        ? CompletableFuture.failedFuture(new ChunkUnavailableException(hash, ChunkUnavailableException.Reason.DISCONNECTED, "gone"))
        : peers().fetch(candidates, hash, length, hint);
    try (FolderPuller p = puller(flaky)) {
      assertFalse(p.apply(List.of(task(f, GOOD))).get(0).ok());
    }
    assertFalse(Files.exists(root.resolve("big.flac")));
    long before = fetchedFromGood.get();
    try (FolderPuller p = puller(peers())) {
      assertTrue(p.apply(List.of(task(f, GOOD))).get(0).ok());
      assertTrue(p.bytesMoved()[2] >= 400_000, "resumed bytes: " + p.bytesMoved()[2]);
    }
    assertTrue(fetchedFromGood.get() - before <= 600_000, "only the missing chunks were fetched again");
    assertArrayEquals(data[0], Files.readAllBytes(root.resolve("big.flac")));
    try (var walk = Files.list(root)) {
      assertEquals(List.of("big.flac"), walk.map(x -> x.getFileName().toString()).toList(), "no temp left");
    }
  }
}
