package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * The {@link FolderScanService} of every configured folder: started with the daemon, and adjusted when
 * the config changes (a new folder starts, a removed one stops, a moved one restarts). The index of a
 * removed folder is kept: removing a folder from the config must not lose what chorus knew of it.
 */
final class FolderScans implements AutoCloseable {
  private final RocksIndex index;
  private final ShortId device;
  private final Clock clock;
  private final Map<FolderId, FolderScanService> services = new HashMap<>();
  private boolean closed;
  private final ObjLongConsumer<FolderId> synced;
  private final java.nio.file.Path stateDir;
  private volatile chorus.cli.engine.FolderSyncs engine;

  /**
   * @param synced told each folder's highest sequence when its service starts (what the index held at
   *     open, or earlier synced scans) and after every scan once it is synced
   */
  FolderScans(RocksIndex index, ShortId device, Clock clock, ObjLongConsumer<FolderId> synced) {
    this(index, device, clock, synced, null);
  }

  /** @param stateDir where folder guards keep their state; null for no guard (tests of scanning alone) */
  FolderScans(RocksIndex index, ShortId device, Clock clock, ObjLongConsumer<FolderId> synced,
      java.nio.file.Path stateDir) {
    this.stateDir = stateDir;
    this.synced = synced;
    this.index = index;
    this.device = device;
    this.clock = clock;
  }

  /** Brings the running services in line with {@code config}. */
  synchronized void apply(ChorusConfig config) {
    if (closed) {
      return;
    }
    Map<FolderId, FolderConfig> wanted = new HashMap<>();
    for (FolderConfig f : config.folders()) {
      wanted.put(f.id(), f);
    }
    for (FolderId id : List.copyOf(services.keySet())) {
      FolderConfig now = wanted.get(id);
      if (now == null || !now.path().equals(services.get(id).folder().path())) {
        services.remove(id).close();
      }
    }
    for (FolderConfig f : config.folders()) {
      if (!services.containsKey(f.id())) {
        FolderIndex folderIndex = index.folder(f.id());
        folderIndex.sync(); // what a crashed process left in the log may not be on disk yet
        synced.accept(f.id(), folderIndex.lastSequence());
        chorus.cli.engine.FolderGuard guard = stateDir == null ? null : new chorus.cli.engine.FolderGuard(f, stateDir);
        FolderScanService s = new FolderScanService(f, folderIndex, device, clock, synced, guard,
            () -> engine == null ? Optional.empty() : engine.get(f.id()));
        services.put(f.id(), s);
        s.start();
      }
    }
  }

  /** The sync engine, once it runs: scans then skip its own writes and adopt the cluster's versions. */
  void attachEngine(chorus.cli.engine.FolderSyncs syncs) {
    this.engine = syncs;
  }

  /** Queues a rescan of one path of a folder (e.g. a file the chunk server found changed). */
  synchronized void rescan(FolderId folder, String path) {
    FolderScanService s = services.get(folder);
    if (s != null) {
      s.request(List.of(path));
    }
  }

  /** True once the folder's first full scan since it was added or the daemon started has completed. */
  synchronized boolean scannedOnce(FolderId folder) {
    FolderScanService s = services.get(folder);
    return s != null && s.lastReport() != null;
  }

  /** The folder's ignore patterns in force (chorus's own names only while none could be loaded). */
  synchronized chorus.fsindex.ignore.IgnoreMatcher ignores(FolderId folder) {
    FolderScanService s = services.get(folder);
    chorus.fsindex.ignore.IgnoreMatcher m = s == null ? null : s.ignoresNow();
    return m == null ? chorus.fsindex.ignore.IgnoreMatcher.internalOnly() : m;
  }

  synchronized Optional<FolderScanService> get(FolderId folder) {
    return Optional.ofNullable(services.get(folder));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    services.values().forEach(FolderScanService::close);
    services.clear();
  }
}
