package chorus.cli.daemon;

import chorus.transport.api.FolderRoutes;
import chorus.transport.api.Route;
import java.util.ArrayList;
import java.util.List;

import chorus.cli.engine.EngineContext;
import chorus.cli.engine.FolderSyncs;
import chorus.fsindex.pull.Archiver;
import chorus.fsindex.version.Versioner;

import chorus.cli.CliContext;
import chorus.cli.api.PairingKit;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.cli.home.RunLock;
import chorus.core.config.ChorusConfig;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ClusterConfig;
import chorus.core.sync.ExchangeEvents;
import chorus.fsindex.store.RocksIndex;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import chorus.transport.node.NodeListener;
import chorus.transport.node.NodeService;
import chorus.transport.node.NodeSettings;
import chorus.transport.pairing.PendingJoins;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.TlsProviderPreference;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running chorus node, composed: the identity and config of a device home, the index (the node serves
 * chunks from it), the node service, pairing (the invite gate and pending joins), the local API, and a
 * watcher that applies config changes made while running. {@link #close} stops it all in reverse order.
 *
 * The folders' scanning (ignore patterns, watcher, scanner) keeps the index current.
 *
 * The index exchange ({@link IndexSync}) learns what peers announce and announces each scan's changes
 * once they are synced.
 *
 * <p>The sync engine ({@link FolderSyncs}) pulls what peers have and this device needs; the catalog bridge
 * ({@link CatalogLinker}) links the change feed to the song rows of this host's database, and tells the
 * engine which files to pull first.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final DeviceHome home;
  private final ConfigStore store;
  private final DeviceIdentity identity;
  private final PairingKit pairing;
  private final ScheduledExecutorService chores;
  private final HeapTrim heapTrim = HeapTrim.ofThisJvm();
  private final java.time.Clock clock;
  private final RunLock runLock;
  private RocksIndex index;
  private FolderChunkSource chunks;
  private FolderScans folders;
  private IndexSync sync;
  private volatile FolderSyncs engine;
  private CatalogLinker catalog;
  private NodeService node;
  private ApiServer api;
  private ConfigWatcher watcher;
  private chorus.cli.bucardo.BucardoWatch bucardo; // Bucardo's watchdog and the peers' catalog addresses
  private volatile ChorusConfig config;
  private boolean closed;

  private Daemon(DeviceHome home, CliContext context, DeviceIdentity identity, ChorusConfig config, RunLock runLock) {
    this.home = home;
    this.runLock = runLock;
    this.store = new ConfigStore(home.configFile());
    this.identity = identity;
    this.config = config;
    this.clock = context.clock();
    this.pairing = PairingKit.forHome(home, identity.deviceId(), context.clock(), context.random());
    this.chores = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("chorus-chores", true));
  }

  /**
   * Loads the home's identity and config and starts everything.
   *
   * @throws IOException if the home, the index or the API address cannot be used; what was started is stopped
   */
  public static Daemon start(DeviceHome home, CliContext context, DaemonOptions options) throws IOException {
    return start(home, context, options, ExchangeEvents.NONE);
  }

  /**
   * As {@link #start(DeviceHome, CliContext, DaemonOptions)} with the home's run lock already taken by the
   * caller ({@code chorus run} takes it before it creates a new home). The daemon owns it from here on: it
   * releases it on {@link #close}, or at once if starting fails.
   */
  public static Daemon start(DeviceHome home, CliContext context, DaemonOptions options, RunLock runLock)
      throws IOException {
    return start(home, context, options, ExchangeEvents.NONE, runLock);
  }

  /** As {@link #start(DeviceHome, CliContext, DaemonOptions)}, telling {@code events} what the index exchange does. */
  static Daemon start(DeviceHome home, CliContext context, DaemonOptions options, ExchangeEvents events)
      throws IOException {
    // First of all: a second daemon on this home must stop here, before it touches the index or a port.
    return start(home, context, options, events, RunLock.acquire(home));
  }

  private static Daemon start(
      DeviceHome home, CliContext context, DaemonOptions options, ExchangeEvents events, RunLock runLock)
      throws IOException {
    try {
      return startLocked(home, context, options, events, runLock);
    } catch (IOException | RuntimeException e) {
      runLock.close(); // idempotent: a daemon that was built closed it already
      throw e;
    }
  }

  private static Daemon startLocked(
      DeviceHome home, CliContext context, DaemonOptions options, ExchangeEvents events, RunLock runLock)
      throws IOException {
    ConfigStore store = new ConfigStore(home.configFile());
    ConfigWatcher.Seen baseline = ConfigWatcher.snapshot(store.file(), null); // before the read: see ConfigWatcher
    ChorusConfig config = store.load();
    DeviceIdentity identity;
    try {
      identity = DeviceIdentity.load(home.certFile(), home.keyFile());
    } catch (IllegalArgumentException e) {
      throw new chorus.cli.home.IdentityException(e.getMessage(), e);
    }
    Daemon d = new Daemon(home, context, identity, config, runLock);
    try {
      d.startAll(options, events, baseline);
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  private void startAll(DaemonOptions options, ExchangeEvents events, ConfigWatcher.Seen baseline) throws IOException {
    log.info("device {} (\"{}\"), home {}", identity.deviceId(), config.deviceName(), home.dir());
    long trimEvery = HeapTrim.intervalSeconds(); // a bad setting fails the start, not a chore later
    index = RocksIndex.open(home.indexDir(), chorus.fsindex.store.IndexOptions.fromSystemProperties(),
        new java.security.SecureRandom()::nextLong);
    bucardo = chorus.cli.bucardo.BucardoWatch.start(home, () -> config, clock); // before the node: peers announce
    NodeSettings settings = NodeSettings.defaults()
        .withTls(TlsProviderPreference.fromSystemProperty(options.tlsProvider()))
        .withTransport(chorus.transport.node.NetTransport.Preference.fromSystemProperty(options.transport()));
    sync = new IndexSync(index, () -> config, settings.peer().maxFrameLength(), events, identity.deviceId(),
        () -> engine == null ? IndexSync.PeerRecordsHook.NONE : new EngineHook(engine));
    folders = new FolderScans(index, identity.deviceId().shortId(), clock, sync::localSynced, engineStateDir());
    folders.apply(config);
    sync.preload(config);
    chunks = new FolderChunkSource(index, config, home.dir(), folders::rescan);
    node = NodeService.builder(identity, config)
        .settings(settings)
        .chunkSource(chunks)
        .indexProgress(sync.progress())
        .pairing(pairing.registry(), this::reloadAfterAdmission)
        .listener(sync.listener(new Listener()))
        .refusedJoins(refusedJoins()) // not dialled at all: they refused us in an earlier run
        .build()
        .start();
    catalog = new CatalogLinker(index.feed(), new IndexLocalFiles(index, () -> config), clock);
    engine = new FolderSyncs(new EngineContext(index, identity.deviceId(), clock, this::rootOf,
        new NodeChunkFetch(() -> node), sync::localSynced,
        folders::rescan, engineStateDir(), catalog, heapTrim::request,
        folders::scannedOnce, folders::ignores), f -> Versioner.forFolder(java.nio.file.Path.of(f.path()), f.versioning(), clock));
    engine.apply(config);
    folders.attachEngine(engine);
    catalog.apply(config); // its own thread: a database down or slow never holds up the rest
    offerPendingJoins();
    DaemonControl control = new DaemonControl(this);
    List<Route> routes = new ArrayList<>(ApiRoutes.standard(control));
    routes.addAll(FolderRoutes.of(control));
    routes.addAll(CatalogRoutes.of(catalog));
    routes.add(bucardo.route());
    api = ApiServer.start(config.api(), config.apiKey(), routes);
    log.info("local API on {}", api.address());
    try {
      runLock.describe("pid " + ProcessHandle.current().pid() + ", API " + api.address().hostPort());
    } catch (IOException e) {
      log.warn("cannot write {}: {}", runLock.file(), e.getMessage()); // only a refused second daemon misses it
    }
    watcher = new ConfigWatcher(store.file(), baseline, this::reload);
    long every = options.configCheck().toMillis();
    chores.scheduleWithFixedDelay(this::checkConfig, every, every, TimeUnit.MILLISECONDS);
    chores.scheduleWithFixedDelay(this::trimFeed, 1, 1, TimeUnit.HOURS);
    if (trimEvery > 0) {
      chores.scheduleWithFixedDelay(heapTrim, trimEvery, trimEvery, TimeUnit.SECONDS);
    }
  }

  /** Writes trim the change feed as they go; this ages it out while the folders are quiet. */
  private void trimFeed() {
    try {
      index.feed().trim();
    } catch (RuntimeException e) {
      log.warn("trimming the change feed failed: {}", e.getMessage());
    }
  }

  /** Where folder guards remember which markers were written: per device home, never in the folder. */
  private java.nio.file.Path engineStateDir() {
    return home.dir().resolve("folders");
  }

  /** The root of a configured folder, or null (local chunk copies read from every folder). */
  private java.nio.file.Path rootOf(chorus.core.id.FolderId folder) {
    return config.folder(folder).map(f -> java.nio.file.Path.of(f.path())).orElse(null);
  }

  /** What keeps local files a revert takes away: the folder's versioning, or a trash can if it has none. */
  Archiver keepArchiver(chorus.core.config.FolderConfig folder) {
    chorus.core.config.VersioningConfig v = folder.versioning().type() == chorus.core.config.VersioningConfig.Type.OFF
        ? new chorus.core.config.VersioningConfig(chorus.core.config.VersioningConfig.Type.TRASH_CAN, 0, 0, 0)
        : folder.versioning();
    return Versioner.forFolder(java.nio.file.Path.of(folder.path()), v, clock)::archive;
  }

  public FolderSyncs engine() {
    return engine;
  }

  public DeviceId deviceId() {
    return identity.deviceId();
  }

  public NodeService node() {
    return node;
  }

  public ApiServer api() {
    return api;
  }

  ChorusConfig config() {
    return config;
  }

  /** The node's index (tests and in-process tools read it; the daemon owns it). */
  /** The catalog bridge's status, or null when no catalog is configured. */
  chorus.dbbridge.BridgeStatus catalogStatus() {
    return catalog == null ? null : catalog.status();
  }

  public RocksIndex index() {
    return index;
  }

  FolderScans folders() {
    return folders;
  }

  PairingKit pairing() {
    return pairing;
  }

  /**
   * Re-reads config.json and the pending joins and applies them: new devices are dialled, removed ones
   * disconnected, changed folder sharing announced. An invalid file is refused and the running config
   * kept ({@link chorus.cli.config.ConfigException}).
   */
  public synchronized void reload() throws IOException {
    if (closed) {
      return;
    }
    if (watcher != null) {
      watcher.rebase(); // what is read now must not be reloaded again by the next check
    }
    ChorusConfig updated = store.load();
    config = updated;
    chunks.update(updated);
    folders.apply(updated);
    engine.apply(updated);
    catalog.apply(updated);
    sync.preload(updated);
    node.applyConfig(updated);
    offerPendingJoins();
    log.info("config reloaded: {} device(s), {} folder(s)", updated.devices().size(), updated.folders().size());
  }

  /** After the pairing gate admitted a device (it wrote config.json): the node must know it now. */
  private void reloadAfterAdmission() {
    try {
      reload();
    } catch (IOException e) {
      log.warn("the config could not be reloaded after admitting a device: {}", e.getMessage());
    }
  }

  /** Under the daemon's lock, like {@link #reload}: the watcher's baseline has one owner. */
  private synchronized void checkConfig() {
    try {
      watcher.check();
    } catch (IOException e) {
      log.warn("config.json changed but is not usable; keeping the running config: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("checking config.json failed", e);
    }
  }

  /** The inviters whose refusal of our invite is recorded in the pending joins. */
  private java.util.List<DeviceId> refusedJoins() {
    try {
      return pairing.pendingJoins().all().stream().filter(PendingJoins.PendingJoin::refused)
          .map(PendingJoins.PendingJoin::device).toList();
    } catch (IOException e) {
      log.warn("pending joins cannot be read: {}", e.getMessage());
      return java.util.List.of();
    }
  }

  /**
   * Tells the node the invite secrets to present to devices we are joining ({@code chorus join}), and
   * which inviters refused theirs (not to be dialled until a new join replaces the refused one).
   */
  private void offerPendingJoins() {
    try {
      for (PendingJoins.PendingJoin join : pairing.pendingJoins().all()) {
        if (join.refused()) {
          node.joinRefused(join.device());
        } else {
          node.offerPairingSecret(join.device(), join.secret().text());
        }
      }
    } catch (IOException e) {
      log.warn("pending joins cannot be read: {}", e.getMessage());
    }
  }

  /** Hears the node; anything touching the disk goes to the chores thread, off the event loop. */
  private final class Listener implements NodeListener {
    @Override
    public void inviteRefused(DeviceId inviter, String secret, String reason) {
      chores.execute(() -> {
        try {
          // Kept, so that 'chorus status' can say so and a restart does not dial the inviter again.
          pairing.pendingJoins().markRefused(inviter, secret, reason);
        } catch (IOException e) {
          log.warn("the refused join with {} cannot be recorded: {}", inviter, e.getMessage());
        }
      });
    }

    @Override
    public void received(PeerConnection connection, chorus.core.protocol.Message message) {
      if (message instanceof ClusterConfig theirs) {
        bucardo.heard(connection.device(), theirs);
      }
    }

    @Override
    public void connected(PeerConnection connection, ClusterConfig theirs) {
      DeviceId device = connection.device();
      bucardo.heard(device, theirs);
      if (engine != null) {
        engine.retryAll(); // a new source: what failed for want of one may work now
      }
      chores.execute(() -> {
        try {
          if (pairing.pendingJoins().remove(device)) {
            log.info("device {} accepted our invite secret; the join is complete", device);
          }
        } catch (IOException e) {
          log.warn("pending joins cannot be updated: {}", e.getMessage());
        }
      });
    }
  }

  /** Stops the API, the node (closing every connection with a reason), the chores and the index. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("shutting down");
    if (api != null) {
      api.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (bucardo != null) {
      bucardo.close();
    }
    if (node != null) {
      node.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (folders != null) {
      folders.close();
    }
    if (sync != null) {
      sync.close();
    }
    chores.shutdownNow();
    try {
      chores.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (index != null) {
      index.close();
    }
    runLock.close(); // last: the home is free only once the index is closed
    log.info("stopped");
  }
}
