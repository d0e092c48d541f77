package chorus.transport.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.FolderStore;
import chorus.core.sync.IndexExchange;
import chorus.core.sync.IndexMark;
import chorus.core.sync.PeerLink;
import chorus.transport.wire.WireSizes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A large index is cut into IndexUpdates that each fit the frame limit, in sequence order, first one full. */
class WireBatchLimitsTest {
  private static final FolderId MUSIC = FolderId.of("music");
  private static final int MAX_FRAME = 8 * 1024 * 1024;

  private static FileRecord file(int i, ShortId by) throws Exception {
    List<ChunkRef> chunks = new ArrayList<>();
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    for (int c = 0; c < 1000; c++) {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(new byte[] {(byte) i, (byte) (i >> 8), (byte) c, (byte) (c >> 8)});
      chunks.add(new ChunkRef(c * 1000L, 1000, ChunkHash.ofBytes(h)));
      all.update(h);
    }
    return new FileRecord("Artist/Album/track " + i + ".flac", FileType.FILE, 1_000_000, 1, 0644, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, 1))), i, by, chunks, ChunkHash.ofBytes(all.digest()), null);
  }

  @Test
  void batchesFitTheFrameAndKeepSequenceOrder() throws Exception {
    DeviceId peer = DeviceId.ofBytes(new byte[32]);
    ShortId me = new ShortId(42);
    List<FileRecord> log = new ArrayList<>();
    for (int i = 1; i <= 600; i++) {
      log.add(file(i, me));
    }
    FolderStore store = new FolderStore() {
      @Override
      public long indexId() {
        return 7;
      }

      @Override
      public void forEachSince(long sequence, Predicate<FileRecord> visitor) {
        for (FileRecord r : log) {
          if (r.sequence() > sequence && !visitor.test(r)) {
            return;
          }
        }
      }

      @Override
      public Optional<IndexMark> held(DeviceId p) {
        return Optional.empty();
      }

      @Override
      public void clearPeer(DeviceId p) {}

      @Override
      public void storePeer(DeviceId p, List<FileRecord> records, IndexMark mark, boolean replace) {}

      @Override
      public void forEachHeld(DeviceId p, Predicate<FileRecord> visitor) {}

      @Override
      public Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size) {
        return Optional.empty();
      }
    };
    List<IndexUpdate> sent = new ArrayList<>();
    PeerLink link = new PeerLink() {
      @Override
      public DeviceId device() {
        return peer;
      }

      @Override
      public void send(IndexUpdate update) {
        sent.add(update);
      }

      @Override
      public void close(String reason) {
        throw new AssertionError(reason);
      }

      @Override
      public boolean isClosed() {
        return false;
      }
    };
    ChorusConfig config = new ChorusConfig("me", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 1),
        "0123456789abcdef0123", List.of(new FolderConfig(MUSIC, "/m", FolderType.SEND_RECEIVE, List.of(peer))), List.of(),
        null);
    IndexExchange exchange = new IndexExchange(() -> config, f -> Optional.of(store), new WireBatchLimits(MAX_FRAME),
        Runnable::run, ExchangeEvents.NONE, e -> {
          throw e;
        });
    exchange.localSynced(MUSIC, 600);
    exchange.connected(link, new ClusterConfig(List.of(
        new ClusterConfig.SharedFolder(MUSIC, FolderType.SEND_RECEIVE, 1, 0, 0, 0))));

    assertTrue(sent.size() >= 20, "about 36 KB per record, 21 MB in all, 1 MiB batches: " + sent.size() + " batches");
    long next = 1;
    for (int i = 0; i < sent.size(); i++) {
      IndexUpdate u = sent.get(i);
      assertEquals(i == 0, u.full());
      assertTrue(WireSizes.frameBytes(u) <= 4L + MAX_FRAME, "batch " + i + " takes " + WireSizes.frameBytes(u));
      assertTrue(WireSizes.frameBytes(u) <= WireBatchLimits.TARGET_BATCH_BYTES,
          "batch " + i + " is cut at 1 MiB, not at the frame: " + WireSizes.frameBytes(u));
      for (FileRecord r : u.files()) {
        assertEquals(next++, r.sequence());
      }
    }
    assertEquals(601, next);
  }
}
