package chorus.transport.node;

import static chorus.transport.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.DeviceConfig;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.FolderStore;
import chorus.core.sync.IndexExchange;
import chorus.core.sync.IndexMark;
import chorus.transport.peer.PeerConnection;
import chorus.transport.testing.TestNode;
import chorus.transport.tls.TlsProviderPreference;
import chorus.transport.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One index link per connection, over two real nodes. */
class IndexExchangeListenerTest {
  private static final ChunkSource NOTHING = (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND;
  private final TestNode a = new TestNode("alpha");
  private final TestNode b = new TestNode("beta");

  @AfterEach
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void everyMessageOfAConnectionGoesThroughTheLinkMadeWhenItConnectedUntilItCloses() {
    IndexExchange exchange = new IndexExchange(() -> a.node.config(), folder -> Optional.empty(),
        new WireBatchLimits(WireFormat.MAX_FRAME_LENGTH), Runnable::run, ExchangeEvents.NONE, e -> {
          throw e;
        });
    IndexExchangeListener listener = new IndexExchangeListener(exchange, a);
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO),
        builder -> builder.chunkSource(NOTHING).listener(listener));
    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of())));
    b.start(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("connected", () -> a.connectedTo(b) && listener.openLinks() == 1);
    PeerConnection connection = a.node.connection(b.id()).orElseThrow();
    PeerIndexLink link = listener.linkFor(connection);
    assertSame(link, listener.linkFor(connection), "the same link, so the same write window, every time");

    b.close();
    await("the link dropped with its connection", () -> listener.openLinks() == 0);
    PeerIndexLink late = listener.linkFor(connection);
    assertNotSame(link, late, "a message racing the close gets a throwaway link");
    assertEquals(link, late, "which the exchange still takes for the same connection");
  }

  /** A folder index whose writes wait for a permit each: storage slower than the peer sends. */
  private static final class SlowStore implements FolderStore {
    final Semaphore permits = new Semaphore(0);
    final List<Long> stored = new CopyOnWriteArrayList<>();
    volatile IndexMark mark;

    @Override
    public long indexId() {
      return 7;
    }

    @Override
    public void forEachSince(long sequence, Predicate<FileRecord> visitor) {}

    @Override
    public Optional<IndexMark> held(DeviceId peer) {
      return Optional.ofNullable(mark);
    }

    @Override
    public void clearPeer(DeviceId peer) {
      mark = null;
    }

    @Override
    public void storePeer(DeviceId peer, List<FileRecord> records, IndexMark next, boolean replace) {
      permits.acquireUninterruptibly();
      stored.add(next.sequence());
      mark = next;
    }

    @Override
    public void forEachHeld(DeviceId peer, Predicate<FileRecord> visitor) {}

    @Override
    public Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size) {
      return Optional.empty();
    }
  }

  @Test
  void aPeerSendingManyUpdatesWhileStorageIsSlowNeverHasMoreThanTheBoundQueued() throws Exception {
    FolderId music = FolderId.of("music");
    SlowStore store = new SlowStore();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      IndexExchange exchange = new IndexExchange(() -> a.node.config(),
          folder -> folder.equals(music) ? Optional.of(store) : Optional.empty(),
          new WireBatchLimits(WireFormat.MAX_FRAME_LENGTH), pool, ExchangeEvents.NONE, e -> { });
      IndexExchangeListener listener = new IndexExchangeListener(exchange, a);
      a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO),
          builder -> builder.chunkSource(NOTHING).listener(listener));
      a.node.applyConfig(TestNode.sharing(
          a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of())), "music", b.id()));
      b.start(TestNode.sharing(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())), "music", a.id()),
          TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
      await("connected", () -> a.connectedTo(b) && listener.openLinks() == 1);
      PeerConnection atA = a.node.connection(b.id()).orElseThrow();
      PeerConnection atB = b.node.connection(a.id()).orElseThrow();

      int updates = 40;
      ShortId by = b.id().shortId();
      for (int i = 1; i <= updates; i++) {
        FileRecord r = new FileRecord("d" + i, FileType.DIRECTORY, 0, 1_000, 0755, 0, 0, 0, false,
            VersionVector.of(List.of(new VersionVector.Counter(by, i))), i, by, List.of(), null, null);
        atB.send(new IndexUpdate(music, 0, false, List.of(r)));
      }
      int bound = IndexExchangeListener.MAX_QUEUED_UPDATES;
      await("the backlog is full", () -> listener.maxQueued(atA) == bound);
      store.permits.release(updates);
      await("every update is stored", () -> store.stored.size() == updates);

      assertEquals(bound, listener.maxQueued(atA), "never more than the bound waited to be stored");
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= updates; i++) {
        expected.add(i);
      }
      assertEquals(expected, store.stored, "all of them, in order");
      assertTrue(a.connectedTo(b), "the connection stays");
    } finally {
      b.close(); // before the pool, so that no close event finds it shut down
      a.close();
      pool.shutdownNow();
    }
  }
}
