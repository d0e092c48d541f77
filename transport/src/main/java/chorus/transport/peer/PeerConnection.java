package chorus.transport.peer;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import chorus.transport.wire.Utf8Text;
import chorus.transport.wire.WireFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection to a peer device, from the first byte to the close: who it is (once the handshake
 * says), its traffic, its chunk requester and server, and how it ended. Thread-safe: the event loop
 * drives it, anyone may read its state, fetch chunks or close it.
 */
public final class PeerConnection {
  private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);
  /** {@code Close.reason} is at most 1024 UTF-8 bytes on the wire; stay well inside. */
  private static final int MAX_REASON_CHARS = 300;

  private final Channel channel;
  private final PeerHost host;
  private final boolean dialledByUs;
  private final DeviceId expected;
  private final String tlsProvider;
  private final TrafficCounter traffic = new TrafficCounter();
  private final RateMeter inRate = new RateMeter();
  private final RateMeter outRate = new RateMeter();
  private final ChunkServer server;
  private final ChunkRequester requester;
  private final CompletableFuture<PeerConnection> ready = new CompletableFuture<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final AtomicReference<String> closeReason = new AtomicReference<>();
  private final AtomicLong badChunks = new AtomicLong();
  private final ReadGate readGate;
  private volatile DeviceId device;
  private volatile Hello hello;
  /** The invite secret our Hello carried; empty if none (or no Hello sent yet). */
  private volatile String sentPairingSecret = "";
  /** The reason in the peer's Close, as sent; null if it sent none. */
  private volatile String peerCloseReason;
  private volatile boolean tlsDone;
  private volatile boolean usable;

  PeerConnection(Channel channel, PeerHost host, String tlsProvider, boolean dialledByUs, DeviceId expected) {
    this(channel, host, tlsProvider, dialledByUs, expected, 0);
  }

  /** With the first chunk request ID given, so tests can start just before the wrap-around. */
  PeerConnection(Channel channel, PeerHost host, String tlsProvider, boolean dialledByUs, DeviceId expected,
      int firstRequestId) {
    this.channel = channel;
    this.host = host;
    this.tlsProvider = tlsProvider;
    this.dialledByUs = dialledByUs;
    this.expected = expected;
    this.readGate = new ReadGate(channel);
    PeerSettings s = host.settings();
    this.server = new ChunkServer(this, host.chunkSource(), host.diskExecutor(), s.maxConcurrentReads(),
        s.maxQueuedRequestBytes());
    this.requester = new ChunkRequester(this, host, s.maxBytesInFlight(), firstRequestId);
    // Not channelInactive: a channel that never connected closes without ever being inactive.
    channel.closeFuture().addListener(f -> onClosed());
  }

  /** Runs {@code task} on this connection's event loop, where its read gate may be used. */
  public void onEventLoop(Runnable task) {
    channel.eventLoop().execute(task);
  }

  /** Whether this connection reads from its peer (event loop only). */
  public ReadGate readGate() {
    return readGate;
  }

  /** The peer's device ID, or null before its certificate was checked. */
  public DeviceId device() {
    return device;
  }

  /** The peer's Hello, once it came. */
  public Optional<Hello> hello() {
    return Optional.ofNullable(hello);
  }

  /** True if we dialled this connection, false if the peer did. */
  public boolean dialledByUs() {
    return dialledByUs;
  }

  /** The device we meant to reach when we dialled, or null for an accepted connection. */
  public DeviceId expectedDevice() {
    return expected;
  }

  /** The peer's address, or null if the socket never connected. */
  public InetSocketAddress remoteAddress() {
    return channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
  }

  public InetSocketAddress localAddress() {
    return channel.localAddress() instanceof InetSocketAddress a ? a : null;
  }

  /** The TLS implementation of this connection, e.g. {@code BoringSSL} or {@code JDK}. */
  public String tlsProvider() {
    return tlsProvider;
  }

  /** True from the end of the handshake until the close. */
  public boolean isReady() {
    return usable;
  }

  /** True if the handshake finished at some point (also after the close). */
  public boolean wasReady() {
    return ready.isDone() && !ready.isCompletedExceptionally();
  }

  /** Completes when Hello and ClusterConfig went both ways; fails if the connection closes first. */
  public CompletableFuture<PeerConnection> readyFuture() {
    return ready;
  }

  /** Completes with the close reason when the connection has closed. */
  public CompletableFuture<String> closeFuture() {
    return closed;
  }

  public long bytesIn() {
    return traffic.bytesIn();
  }

  public long bytesOut() {
    return traffic.bytesOut();
  }

  public double inRate() {
    return inRate.rate();
  }

  public double outRate() {
    return outRate.rate();
  }

  /** Chunks from this peer that failed verification. */
  public long badChunks() {
    return badChunks.get();
  }

  /** Chunk bytes requested from this peer and not yet received, plus those still queued to be requested. */
  public long load() {
    return requester.load();
  }

  /** The most requested bytes this peer ever had waiting to be served by us at once. */
  public long maxServingBytes() {
    return server.maxOutstandingBytes();
  }

  /**
   * Asks the peer for a chunk, keeping this connection's bytes in flight under the limit. The future
   * completes with verified bytes, or fails with {@link chorus.core.port.ChunkIntegrityException} or
   * {@link chorus.core.port.ChunkUnavailableException}.
   */
  public CompletableFuture<chorus.core.port.ChunkBytes> fetch(ChunkHash hash, int length) {
    return fetch(hash, length, null);
  }

  /** As {@link #fetch(ChunkHash, int)}, telling the peer where it should hold the chunk (null: no hint). */
  public CompletableFuture<chorus.core.port.ChunkBytes> fetch(ChunkHash hash, int length,
      chorus.core.protocol.ChunkHint hint) {
    return requester.fetch(hash, length, hint);
  }

  /** Sends a message (after the handshake: e.g. a changed ClusterConfig, an IndexUpdate). */
  public void send(Message message) {
    channel.writeAndFlush(message, channel.voidPromise());
  }

  /**
   * Sends a message; the future completes when it has been written to the socket, or fails if the
   * connection closes first. For senders off the event loop that must not queue without bound (a whole
   * index announced at once would otherwise sit in Netty's outbound buffer).
   */
  public CompletableFuture<Void> sendTracked(Message message) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    channel.writeAndFlush(message).addListener(f -> {
      if (f.isSuccess()) {
        written.complete(null);
      } else {
        written.completeExceptionally(f.cause());
      }
    });
    return written;
  }

  /**
   * Closes gracefully: a {@link Close} with the reason, then the socket (after a timeout at the
   * latest). The first reason given is the one recorded.
   */
  public void close(String reason) {
    String why = shorten(reason);
    if (!closeReason.compareAndSet(null, why)) {
      return;
    }
    if (!channel.isActive() || !tlsDone) {
      channel.close();
      return;
    }
    channel.writeAndFlush(new Close(why)).addListener(ChannelFutureListener.CLOSE);
    long ms = host.settings().closeTimeout().toMillis();
    channel.eventLoop().schedule(() -> {
      if (channel.isOpen()) {
        channel.close();
      }
    }, ms, TimeUnit.MILLISECONDS);
  }

  /** The peer broke the protocol: logged once, then a graceful close with the reason. */
  void protocolError(String detail) {
    if (closeReason.get() == null) {
      log.warn("protocol error from {}: {}; closing", describe(), detail);
    }
    close("protocol error: " + detail);
  }

  /** The invite secret our Hello to this peer carried, or empty. */
  public String sentPairingSecret() {
    return sentPairingSecret;
  }

  /** The reason the peer gave in its Close, if it sent one. */
  public Optional<String> peerCloseReason() {
    return Optional.ofNullable(peerCloseReason);
  }

  /** The peer sent Close. */
  void peerClosed(String reason) {
    peerCloseReason = reason;
    if (closeReason.compareAndSet(null, "closed by peer: " + shorten(reason))) {
      log.info("{} closed the connection: {}", describe(), reason);
    }
    channel.close();
  }

  /** The socket closed, whoever closed it: fail what waits on it and tell the node. On the event loop. */
  private void onClosed() {
    closeReason.compareAndSet(null, channel.remoteAddress() == null ? "could not connect" : "connection lost");
    String reason = closeReason.get();
    usable = false;
    requester.onClose(reason);
    server.stop();
    ready.completeExceptionally(new IllegalStateException("connection closed before the handshake ended: " + reason));
    closed.complete(reason);
    host.closed(this, reason);
  }

  /** True once a close reason is set (a rejection, a Close, a protocol error). */
  boolean closing() {
    return closeReason.get() != null;
  }

  /** True once the connection is closing or closed, whoever began it. */
  public boolean isClosing() {
    return closeReason.get() != null || !channel.isActive();
  }

  void tlsEstablished() {
    tlsDone = true;
  }

  boolean tlsUp() {
    return tlsDone;
  }

  void identify(DeviceId id) {
    this.device = id;
  }

  void helloReceived(Hello h) {
    this.hello = h;
  }

  void helloSent(Hello ours) {
    this.sentPairingSecret = ours.pairingSecret();
  }

  void markReady() {
    usable = true;
    ready.complete(this);
  }

  void countBadChunk() {
    badChunks.incrementAndGet();
  }

  /** Samples the byte counters for the rates; the node calls it on a fixed tick. */
  public void sampleRates(long nanos) {
    inRate.sample(traffic.bytesIn(), nanos);
    outRate.sample(traffic.bytesOut(), nanos);
  }

  Channel channel() {
    return channel;
  }

  PeerHost host() {
    return host;
  }

  TrafficCounter traffic() {
    return traffic;
  }

  ChunkServer server() {
    return server;
  }

  ChunkRequester requester() {
    return requester;
  }

  /** {@code device ID at address}, for log lines. */
  public String describe() {
    InetSocketAddress remote = remoteAddress();
    String where = remote == null ? "?" : chorus.core.config.TcpAddress.of(remote).hostPort();
    DeviceId id = device;
    return (id == null ? "peer" : "device " + id) + " at " + where;
  }

  @Override
  public String toString() {
    return "PeerConnection[" + describe() + (dialledByUs ? ", dialled" : ", accepted") + "]";
  }

  /**
   * A reason fit for a {@link Close}: control characters as spaces, then cut to
   * {@value #MAX_REASON_CHARS} chars (never inside a surrogate pair) + "...". The byte cut is only the
   * wire's bound; the char cut below keeps it at most 903 bytes.
   */
  static String shorten(String reason) {
    String r = Utf8Text.fit(reason, WireFormat.MAX_CLOSE_REASON_BYTES);
    return r.length() > MAX_REASON_CHARS ? Utf8Text.prefix(r, MAX_REASON_CHARS) + "..." : r;
  }
}
