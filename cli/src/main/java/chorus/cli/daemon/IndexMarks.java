package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.IndexExchange;
import chorus.core.sync.IndexMark;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import chorus.transport.node.IndexProgress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index marks announced in ClusterConfigs, which the node reads on its event loops: ours (index ID
 * and the durable sequence the exchange tracks) and how far we hold each peer (a cache of the index's
 * peer progress, kept current from the exchange's events, so the event loop rarely touches RocksDB).
 * Also logs what the exchange does.
 */
final class IndexMarks implements IndexProgress, ExchangeEvents {
  private static final Logger log = LoggerFactory.getLogger(IndexMarks.class);

  private record Key(FolderId folder, DeviceId peer) {}

  private final RocksIndex index;
  private final Map<Key, IndexMark> held = new ConcurrentHashMap<>();
  private volatile IndexExchange exchange;

  IndexMarks(RocksIndex index) {
    this.index = index;
  }

  void attach(IndexExchange e) {
    this.exchange = e;
  }

  @Override
  public IndexMark local(FolderId folder) {
    Optional<FolderIndex> f = index.findFolder(folder);
    IndexExchange e = exchange;
    if (f.isEmpty() || e == null) {
      return IndexMark.NONE;
    }
    return new IndexMark(f.get().indexId(), e.localMark(folder));
  }

  @Override
  public IndexMark heldOf(FolderId folder, DeviceId peer) {
    return held.computeIfAbsent(new Key(folder, peer), k -> read(folder, peer));
  }

  /** Reads the marks of every folder and device in {@code config} ahead of the node's handshakes. */
  void preload(ChorusConfig config) {
    for (FolderConfig f : config.folders()) {
      for (DeviceId peer : f.sharedWith()) {
        held.computeIfAbsent(new Key(f.id(), peer), k -> read(f.id(), peer));
      }
    }
  }

  private IndexMark read(FolderId folder, DeviceId peer) {
    return index.findFolder(folder)
        .flatMap(f -> f.peerProgress(peer))
        .orElse(IndexMark.NONE);
  }

  @Override
  public void violation(DeviceId peer, String reason) {
    log.warn("device {} broke the index exchange, closing: {}", peer, reason);
  }

  @Override
  public void sent(DeviceId peer, IndexUpdate update) {
    if (log.isDebugEnabled()) {
      log.debug("sent {} {} record(s) of {} to {}: {}", update.full() ? "a full batch of" : "", update.files().size(),
          update.folder(), peer, update.files().stream().limit(8)
              .map(r -> r.path() + (r.deleted() ? " (deleted)" : "") + " #" + r.sequence() + " " + r.chunks().size() + " chunks")
              .toList());
    }
  }

  @Override
  public void stored(DeviceId peer, FolderId folder, int records, IndexMark mark) {
    held.put(new Key(folder, peer), mark);
    log.debug("stored {} record(s) of {} from {}, now at sequence {}", records, folder, peer, mark.sequence());
  }

  @Override
  public void cleared(DeviceId peer, FolderId folder, String why) {
    held.put(new Key(folder, peer), IndexMark.NONE);
    log.info("forgot what device {} announced for folder {}: {}", peer, folder, why);
  }
}
