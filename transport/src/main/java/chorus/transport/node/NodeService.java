package chorus.transport.node;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkSource;
import chorus.transport.peer.PairingGate;
import chorus.transport.peer.PeerChannelInitializer;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.PeerVerifier;
import chorus.transport.tls.TlsContexts;
import chorus.transport.tls.TrustDecision;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service: listens for peers, dials every configured device, keeps one connection per device,
 * serves and fetches chunks, and reports status. Owns its event loops and executors: {@link #start}
 * creates them, {@link #close} closes every connection with a reason and stops them.
 */
public final class NodeService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeService.class);
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(2 << 20, 8 << 20);

  final DeviceIdentity identity;
  final NodeSettings settings;
  final ChunkSource chunkSource;
  final IndexProgress indexProgress;
  final PairingGate pairingGate;
  final Runnable afterPairing;
  final NodeListener listener;
  final LongSupplier nanoTime;
  final PeerVerifier verifier;
  final ConnectionRegistry registry;
  final KnockLog knocks;
  final RejectionLog rejections;
  final Map<DeviceId, String> pairingSecrets = new ConcurrentHashMap<>();
  /** Inviters that refused our invite secret: not dialled until a new secret is offered. */
  private final Set<DeviceId> refusedJoins = ConcurrentHashMap.newKeySet();
  /** Per device, {bytes in, bytes out, bad chunks} of its closed connections. */
  final Map<DeviceId, long[]> pastTraffic = new ConcurrentHashMap<>();
  final AtomicLong badChunks = new AtomicLong();
  private final RandomGenerator random;
  private final Set<PeerConnection> open = ConcurrentHashMap.newKeySet();
  private final ChunkFetcher fetcher;
  private final NodeHost host;
  private volatile ChorusConfig config;
  private volatile boolean closed;

  // Set by start(), guarded by this until then; read-only afterwards.
  private NetTransport transport;
  TlsContexts tls;
  private EventLoopGroup group;
  private Channel server;
  private Dialer dialer;
  ExecutorService disk;
  ExecutorService verify;
  ExecutorService blocking;
  private ScheduledFuture<?> rateTick;

  NodeService(NodeServiceBuilder b) {
    this.identity = b.identity;
    this.config = b.config;
    this.settings = b.settings;
    this.chunkSource = b.chunkSource;
    this.indexProgress = b.indexProgress;
    this.pairingGate = b.pairingGate;
    this.afterPairing = b.afterPairing;
    this.listener = b.listener;
    this.refusedJoins.addAll(b.refusedJoins);
    this.nanoTime = b.nanoTime;
    this.random = b.random;
    Clock clock = b.clock;
    this.verifier = new PeerVerifier(identity.deviceId());
    this.registry = new ConnectionRegistry(verifier);
    this.knocks = new KnockLog(clock, 64);
    this.rejections = new RejectionLog(clock);
    this.fetcher = new ChunkFetcher(this::connection);
    this.host = new NodeHost(this);
  }

  /** Starts describing a node for {@code identity} with {@code config}. */
  public static NodeServiceBuilder builder(DeviceIdentity identity, ChorusConfig config) {
    return new NodeServiceBuilder(identity, config);
  }

  /**
   * Opens the listener on the configured address and starts dialling.
   *
   * @throws IllegalStateException if TLS cannot be set up or the address cannot be bound
   */
  public synchronized NodeService start() {
    if (group != null) {
      throw new IllegalStateException("the node service was already started");
    }
    transport = NetTransport.select(settings.transport());
    tls = TlsContexts.create(identity, settings.tlsProvider());
    group = transport.newGroup(settings.ioThreads(), "chorus-io");
    disk = Executors2.bounded("chorus-disk", settings.diskThreads(), 4096);
    verify = Executors2.bounded("chorus-verify", settings.verifyThreads(), 65536);
    blocking = Executors2.bounded("chorus-blocking", 2, 256);
    TcpAddress listen = config.listen();
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 128)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(PeerChannelInitializer.accepting(host, tls, this::track))
        .bind(new InetSocketAddress(listen.host(), listen.port()))
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      stopExecutors();
      throw new IllegalStateException("cannot listen on " + listen + ": " + bound.cause().getMessage(), bound.cause());
    }
    server = bound.channel();
    Dialer.Connector connector = (device, address) -> dial(device, address).thenApply(PeerConnection::closeFuture);
    dialer = new Dialer(group.next(), connector, id -> registry.get(id).isPresent(),
        () -> new Backoff(settings.redialInitial(), settings.redialCap(), random));
    refusedJoins.forEach(dialer::hold); // before the first dials: refused in an earlier run
    dialer.update(config.devices());
    long tick = settings.rateInterval().toNanos();
    rateTick = group.next().scheduleAtFixedRate(this::sampleRates, tick, tick, TimeUnit.NANOSECONDS);
    log.info("device {} listening on {} ({} TLS, {} transport)", identity.deviceId(), TcpAddress.of(listenAddress()),
        tls.providerName(), transport.name());
    return this;
  }

  public DeviceId deviceId() {
    return identity.deviceId();
  }

  public ChorusConfig config() {
    return config;
  }

  /** Where the listener is bound (the real port when the config said 0). */
  public InetSocketAddress listenAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** {@code BoringSSL} or {@code JDK}. */
  public String tlsProviderName() {
    return tls.providerName();
  }

  /** {@code epoll} or {@code nio}. */
  public String transportName() {
    return transport.name();
  }

  /** The connection in use to {@code device}, if it finished its handshake. */
  public Optional<PeerConnection> connection(DeviceId device) {
    return registry.get(device).filter(PeerConnection::isReady);
  }

  /** Every connection in use that finished its handshake. */
  public List<PeerConnection> connections() {
    List<PeerConnection> out = new ArrayList<>();
    for (PeerConnection c : registry.all()) {
      if (c.isReady()) {
        out.add(c);
      }
    }
    return out;
  }

  /** Chunk fetching over the connections of this node. */
  public ChunkFetcher chunks() {
    return fetcher;
  }

  /**
   * Puts {@code secret} into the Hello we send {@code inviter}, so that device admits us (see
   * {@code chorus join}). Used up by the first connection to it that finishes its handshake.
   */
  public void offerPairingSecret(DeviceId inviter, String secret) {
    pairingSecrets.put(Objects.requireNonNull(inviter, "inviter"), Objects.requireNonNull(secret, "secret"));
    if (refusedJoins.remove(inviter) && dialer != null) {
      dialer.release(inviter); // a new invite deserves a dial now, not after the old backoff
    }
  }

  /**
   * {@code inviter} refused our invite secret for good (in this run or, as the daemon remembers, an
   * earlier one): forget the secret and stop dialling it, since redialling cannot change its answer,
   * until {@link #offerPairingSecret} brings a new one. May be called before {@link #start}.
   */
  public void joinRefused(DeviceId inviter) {
    pairingSecrets.remove(Objects.requireNonNull(inviter, "inviter"));
    if (refusedJoins.add(inviter) && dialer != null) {
      dialer.hold(inviter);
    }
  }

  /** The peer's Close said it refused the secret we sent it. */
  void inviteRefused(DeviceId inviter, String secret, String reason) {
    if (!pairingSecrets.remove(inviter, secret)) {
      return; // a newer secret was offered meanwhile (or a parallel connection was refused first)
    }
    refusedJoins.add(inviter);
    if (dialer != null) {
      dialer.hold(inviter);
    }
    log.warn("device {} refused our invite: {}; not dialling it again until a new invite is joined"
        + " (ask its owner for one: chorus invite)", inviter, reason);
    listener.inviteRefused(inviter, secret, reason);
  }

  /**
   * Makes {@code updated} the config in force: dials devices added, closes connections to devices
   * removed (or now outside their allowed networks), and sends a new ClusterConfig to peers whose shared
   * folders changed. A changed listen address takes a restart.
   */
  public void applyConfig(ChorusConfig updated) {
    Objects.requireNonNull(updated, "config");
    ChorusConfig before = config;
    config = updated;
    if (server == null || closed) {
      return;
    }
    if (!before.listen().equals(updated.listen())) {
      log.warn("the listen address changed to {}; restart chorus to listen there", updated.listen());
    }
    dialer.update(updated.devices());
    for (PeerConnection c : registry.all()) {
      DeviceId device = c.device();
      if (updated.device(device).isEmpty()) {
        log.info("device {} was removed from the config; closing its connection", device);
        c.close("device removed from the config");
        continue;
      }
      TrustDecision t = verifier.verifyAfterPairing(device, c.remoteAddress(), updated);
      if (t instanceof TrustDecision.Rejected r) {
        rejections.log(r.rejection(), "");
        c.close(r.rejection().closeReason());
        continue;
      }
      if (c.isReady() && ClusterConfigs.sharingChanged(before, updated, device)) {
        c.send(ClusterConfigs.forPeer(updated, device, indexProgress));
      }
    }
  }

  /**
   * Dials {@code device} at {@code address} now, whatever the dial loop is doing. The future completes
   * when TCP is up; the connection's {@link PeerConnection#readyFuture} says when it is usable.
   */
  public CompletableFuture<PeerConnection> dial(DeviceId device, TcpAddress address) {
    CompletableFuture<PeerConnection> result = new CompletableFuture<>();
    CompletableFuture<InetSocketAddress> resolved;
    try {
      // Resolving may block on DNS: never on an event loop.
      resolved = CompletableFuture.supplyAsync(() -> resolve(address), blocking);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
    resolved.whenComplete((socketAddress, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
        return;
      }
      AtomicReference<PeerConnection> made = new AtomicReference<>();
      new Bootstrap()
          .group(group)
          .channel(transport.socketChannel())
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
          .handler(PeerChannelInitializer.dialling(host, tls, device, c -> {
            made.set(c);
            track(c);
          }))
          .connect(socketAddress)
          .addListener(f -> {
            if (f.isSuccess()) {
              result.complete(made.get());
            } else {
              result.completeExceptionally(f.cause());
            }
          });
    });
    return result;
  }

  private static InetSocketAddress resolve(TcpAddress address) {
    InetSocketAddress a = new InetSocketAddress(address.host(), address.port());
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve " + address.host());
    }
    return a;
  }

  /** Everything {@code chorus status} shows about the network side. */
  public NodeStatus status() {
    ChorusConfig c = config;
    List<PeerStatus> peers = new ArrayList<>();
    for (DeviceConfig d : c.devices()) {
      Optional<PeerConnection> conn = connection(d.id());
      long[] past = pastTraffic.getOrDefault(d.id(), new long[3]);
      long in = past[0] + conn.map(PeerConnection::bytesIn).orElse(0L);
      long out = past[1] + conn.map(PeerConnection::bytesOut).orElse(0L);
      long bad = past[2] + conn.map(PeerConnection::badChunks).orElse(0L);
      peers.add(new PeerStatus(d.id(), d.name(), conn.isPresent(),
          conn.map(PeerConnection::remoteAddress).orElse(null), conn.map(PeerConnection::tlsProvider).orElse(null),
          in, out, conn.map(PeerConnection::inRate).orElse(0.0), conn.map(PeerConnection::outRate).orElse(0.0),
          conn.flatMap(PeerConnection::hello).map(h -> h.clientName() + " " + h.clientVersion()).orElse(""),
          bad));
    }
    return new NodeStatus(identity.deviceId(), c.deviceName(), server == null ? null : listenAddress(),
        tls == null ? null : tls.providerName(), transport == null ? null : transport.name(), peers,
        knocks.snapshot(id -> c.device(id).isEmpty()), badChunks.get());
  }

  /** Closes every connection with a Close reason, then stops listening, dialling and all threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (group == null) {
      return;
    }
    dialer.stop();
    rateTick.cancel(false);
    server.close().awaitUninterruptibly();
    List<CompletableFuture<String>> closing = new ArrayList<>();
    for (PeerConnection c : open) {
      c.close("node shutting down");
      closing.add(c.closeFuture());
    }
    try {
      CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
          .get(settings.peer().closeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("not every connection closed in time: {}", e.toString());
    }
    // Executors first: a chunk read finishing now finds its connection closed and drops its buffer,
    // instead of writing into an event loop that is gone.
    stopExecutors();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    log.info("node service stopped");
  }

  boolean isClosed() {
    return closed;
  }

  Dialer dialer() {
    return dialer;
  }

  private void stopExecutors() {
    for (ExecutorService e : new ExecutorService[] {disk, verify, blocking}) {
      if (e != null) {
        e.shutdownNow();
      }
    }
    try {
      for (ExecutorService e : new ExecutorService[] {disk, verify, blocking}) {
        if (e != null) {
          e.awaitTermination(2, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void track(PeerConnection c) {
    open.add(c);
    c.closeFuture().whenComplete((reason, e) -> open.remove(c));
    if (closed) {
      c.close("node shutting down");
    }
  }

  private void sampleRates() {
    long now = nanoTime.getAsLong();
    for (PeerConnection c : registry.all()) {
      c.sampleRates(now);
    }
  }
}
