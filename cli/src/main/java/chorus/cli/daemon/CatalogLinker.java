package chorus.cli.daemon;

import chorus.dbbridge.BridgeStatus;
import chorus.dbbridge.CatalogBridge;
import chorus.core.config.CatalogConfig;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.feed.FeedReader;
import chorus.core.id.FolderId;
import chorus.core.port.LocalFiles;
import chorus.core.port.PullPriority;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's catalog bridge, following the config: started when a catalog is set, stopped when it is
 * switched off, started again when its settings change. It is also the sync engine's pull priority,
 * whichever bridge runs (none: nothing is urgent).
 */
final class CatalogLinker implements PullPriority, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogLinker.class);

  private final FeedReader feed;
  private final LocalFiles local;
  private final Clock clock;
  private CatalogConfig running; // guarded by this
  private FolderId runningFolder; // guarded by this
  private volatile CatalogBridge bridge;
  private volatile String problem;

  CatalogLinker(FeedReader feed, LocalFiles local, Clock clock) {
    this.feed = feed;
    this.local = local;
    this.clock = clock;
  }

  synchronized void apply(ChorusConfig config) {
    CatalogConfig wanted = config.catalog();
    FolderId folder = wanted == null ? null : folderOf(wanted, config);
    if (Objects.equals(wanted, running) && Objects.equals(folder, runningFolder)) {
      return;
    }
    stop();
    running = wanted;
    runningFolder = folder;
    if (wanted == null) {
      problem = null;
      return;
    }
    if (folder == null) {
      problem = "catalog: the device has " + config.folders().size()
          + " folders; say which one the catalog describes (chorus catalog set --folder ID)";
      log.warn(problem);
      return;
    }
    problem = null;
    bridge = new CatalogBridge(wanted, folder, feed, local, clock).start();
    log.info("catalog bridge started for folder {} ({})", folder, wanted.jdbcUrl());
  }

  private static FolderId folderOf(CatalogConfig catalog, ChorusConfig config) {
    if (catalog.folder() != null) {
      return config.folder(catalog.folder()).map(FolderConfig::id).orElse(null);
    }
    return config.folders().size() == 1 ? config.folders().get(0).id() : null;
  }

  /** The bridge's status, or null when no catalog is configured. */
  BridgeStatus status() {
    CatalogBridge b = bridge;
    if (b != null) {
      return b.status();
    }
    String why = problem;
    return why == null ? null : new BridgeStatus(BridgeStatus.State.DOWN, why, "", 0, 0, 0, 0, 0, null, 0);
  }

  /** The running bridge, or null. */
  CatalogBridge bridge() {
    return bridge;
  }

  @Override
  public boolean urgent(FolderId folder, String path) {
    CatalogBridge b = bridge;
    return b != null && b.priority().urgent(folder, path);
  }

  private void stop() {
    CatalogBridge b = bridge;
    bridge = null;
    if (b != null) {
      b.close();
    }
  }

  @Override
  public synchronized void close() {
    stop();
  }
}
