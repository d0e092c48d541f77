package chorus.cli.daemon;

import chorus.core.model.FileRecord;
import java.util.List;

import chorus.core.config.ChorusConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.FolderStore;
import chorus.core.sync.IndexExchange;
import chorus.core.sync.IndexMark;
import chorus.fsindex.store.IndexFolderStore;
import chorus.fsindex.store.RocksIndex;
import chorus.transport.node.IndexExchangeListener;
import chorus.transport.node.IndexProgress;
import chorus.transport.node.NodeListener;
import chorus.transport.node.WireBatchLimits;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index exchange composed over the RocksDB index and the node: its threads (work is ordered per
 * peer on a small pool, never on an event loop), the marks the node announces, and the listener that
 * feeds it.
 */
final class IndexSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexSync.class);

  private final ExecutorService pool;
  private final IndexMarks marks;
  private final IndexExchange exchange;

  /** Told what the exchange stored of a peer, after it is written: the sync engine re-decides those paths. */
  interface PeerRecordsHook {
    PeerRecordsHook NONE = new PeerRecordsHook() {
      @Override
      public void stored(FolderId folder, List<FileRecord> records, boolean replace) {}

      @Override
      public void cleared(FolderId folder) {}
    };

    void stored(FolderId folder, List<FileRecord> records, boolean replace);

    void cleared(FolderId folder);
  }

  IndexSync(RocksIndex index, Supplier<ChorusConfig> config, int maxFrameLength, ExchangeEvents extra) {
    this(index, config, maxFrameLength, extra, null, () -> PeerRecordsHook.NONE);
  }

  /**
   * @param self this device: in a receive-only folder, records it made (local changes) are not announced
   * @param hook where stored peer records are reported (looked up at each store: the engine starts later)
   */
  IndexSync(RocksIndex index, Supplier<ChorusConfig> config, int maxFrameLength, ExchangeEvents extra,
      DeviceId self, Supplier<PeerRecordsHook> hook) {
    this.pool = Executors.newFixedThreadPool(2, new DefaultThreadFactory("chorus-index", true));
    this.marks = new IndexMarks(index);
    ExchangeEvents events = new ExchangeEvents() {
      @Override
      public void violation(DeviceId peer, String reason) {
        marks.violation(peer, reason);
        extra.violation(peer, reason);
      }

      @Override
      public void sent(DeviceId peer, IndexUpdate update) {
        marks.sent(peer, update);
        extra.sent(peer, update);
      }

      @Override
      public void stored(DeviceId peer, FolderId folder, int records, IndexMark mark) {
        marks.stored(peer, folder, records, mark);
        extra.stored(peer, folder, records, mark);
      }

      @Override
      public void refused(DeviceId peer, FolderId folder, String path, String reason) {
        log.warn("{} sent a record of folder {} that is refused (not stored), path \"{}\": {}", peer, folder, path, reason);
        extra.refused(peer, folder, path, reason);
      }

      @Override
      public void cleared(DeviceId peer, FolderId folder, String why) {
        marks.cleared(peer, folder, why);
        extra.cleared(peer, folder, why);
      }
    };
    this.exchange = new IndexExchange(config,
        folder -> index.findFolder(folder).map(f -> (FolderStore) new EngineFolderStore(new IndexFolderStore(f), folder,
            () -> receiveOnly(config.get(), folder) ? self : null, hook)),
        new WireBatchLimits(maxFrameLength), pool, events,
        e -> log.warn("index exchange task failed: {}", e.toString(), e));
    marks.attach(exchange);
  }

  private static boolean receiveOnly(ChorusConfig config, FolderId folder) {
    return config.folder(folder).map(f -> f.type() == chorus.core.config.FolderType.RECEIVE_ONLY).orElse(false);
  }

  /** Reads the peers' marks for {@code config} now, so handshakes seldom wait on the index. */
  void preload(ChorusConfig config) {
    marks.preload(config);
  }

  IndexProgress progress() {
    return marks;
  }

  NodeListener listener(NodeListener next) {
    return new IndexExchangeListener(exchange, next);
  }

  /** A folder's changes up to {@code sequence} are synced to disk: announce them. */
  void localSynced(FolderId folder, long sequence) {
    exchange.localSynced(folder, sequence);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
