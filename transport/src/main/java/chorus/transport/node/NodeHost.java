package chorus.transport.node;

import chorus.core.config.ChorusConfig;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import chorus.transport.peer.PairingOutcome;
import chorus.transport.peer.PeerConnection;
import chorus.transport.peer.PeerHost;
import chorus.transport.peer.PeerSettings;
import chorus.transport.tls.PeerVerifier;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.Rejection;
import chorus.transport.tls.TrustDecision;
import chorus.transport.wire.Utf8Text;
import chorus.transport.wire.WireFormat;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node service as its connections see it ({@link PeerHost}). */
final class NodeHost implements PeerHost {
  private static final Logger log = LoggerFactory.getLogger(NodeHost.class);
  static final String CLIENT_NAME = "chorus";

  private final NodeService node;

  NodeHost(NodeService node) {
    this.node = node;
  }

  @Override
  public PeerVerifier verifier() {
    return node.verifier;
  }

  @Override
  public ChorusConfig config() {
    return node.config();
  }

  @Override
  public PeerSettings settings() {
    return node.settings.peer();
  }

  @Override
  public Hello helloFor(DeviceId peer) {
    return new Hello(Utf8Text.fit(node.config().deviceName(), WireFormat.MAX_DEVICE_NAME_BYTES), CLIENT_NAME,
        Utf8Text.fit(node.settings.clientVersion(), WireFormat.MAX_CLIENT_BYTES), Hello.PROTOCOL_VERSION,
        node.pairingSecrets.getOrDefault(peer, ""));
  }

  @Override
  public ClusterConfig clusterConfigFor(DeviceId peer) {
    return ClusterConfigs.forPeer(node.config(), peer, node.indexProgress);
  }

  @Override
  public CompletableFuture<TrustDecision> admitByInvite(DeviceId device, Hello hello, InetSocketAddress remote) {
    CompletableFuture<PairingOutcome> admitted;
    try {
      // The gate may touch the disk (it writes the config): never on an event loop.
      admitted = CompletableFuture.supplyAsync(() -> {
        PairingOutcome outcome = node.pairingGate.admit(device, hello.deviceName(), hello.pairingSecret(), remote);
        if (outcome.admitted()) {
          log.info("device {} (\"{}\") at {} presented a valid invite; admitted", device, hello.deviceName(),
              chorus.core.config.IpLiteral.text(remote.getAddress()));
          node.afterPairing.run();
        }
        return outcome;
      }, node.blocking);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
    return admitted.thenApply(outcome -> {
      if (outcome.admitted()) {
        return node.verifier.verifyAfterPairing(device, remote, node.config());
      }
      // A refused invite is named to the joiner (it claimed to hold the invite), and nothing else is.
      return new TrustDecision.Rejected(outcome.refused()
          ? new Rejection(device, remote, RejectReason.INVITE_REFUSED, outcome.refusal())
          : new Rejection(device, remote, RejectReason.UNKNOWN_DEVICE, "not in the config; its invite secret was not accepted"));
    });
  }

  @Override
  public Optional<Rejection> register(PeerConnection connection) {
    ConnectionRegistry.Outcome outcome = node.registry.register(connection);
    outcome.replaced().ifPresent(old -> {
      log.info("two connections to device {}: keeping the one {} dialled", connection.device(),
          connection.dialledByUs() ? "we" : "it");
      old.close("duplicate connection; keeping the one dialled by the device with the lower ID");
    });
    return outcome.rejection();
  }

  @Override
  public void ready(PeerConnection connection, ClusterConfig theirs) {
    DeviceId device = connection.device();
    node.pairingSecrets.remove(device);
    node.dialer().connectionUp(device);
    Hello hello = connection.hello().orElseThrow();
    log.info("connected to device {} (\"{}\", {} {}) at {}, {}, {} TLS; it shares {} folder(s) with us", device,
        hello.deviceName(), hello.clientName(), hello.clientVersion(),
        chorus.core.config.TcpAddress.of(connection.remoteAddress()).hostPort(),
        connection.dialledByUs() ? "dialled" : "accepted", connection.tlsProvider(), theirs.folders().size());
    node.listener.connected(connection, theirs);
  }

  @Override
  public void rejected(Rejection rejection, String deviceName) {
    node.rejections.log(rejection, deviceName);
    boolean stranger = rejection.reason() == RejectReason.UNKNOWN_DEVICE || rejection.reason() == RejectReason.INVITE_REFUSED;
    if (stranger && rejection.device() != null) {
      node.knocks.record(rejection.device(), rejection.remote(), deviceName);
    }
    node.listener.rejected(rejection);
  }

  @Override
  public void closed(PeerConnection connection, String reason) {
    DeviceId device = connection.device();
    if (device == null) {
      return;
    }
    String secret = connection.sentPairingSecret();
    if (!secret.isEmpty()) {
      // Only a device we sent an invite secret to, after TLS proved who it is, can refuse our join.
      connection.peerCloseReason().flatMap(Rejection::inviteRefusal)
          .ifPresent(why -> node.inviteRefused(device, secret, why));
    }
    node.pastTraffic.merge(device, new long[] {connection.bytesIn(), connection.bytesOut(), connection.badChunks()},
        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    if (node.registry.remove(connection)) {
      if (connection.wasReady()) {
        log.info("disconnected from device {}: {}", device, reason);
      }
      if (!node.isClosed()) {
        node.dialer().connectionDown(device);
      }
      node.listener.disconnected(device, reason);
    }
  }

  @Override
  public void received(PeerConnection connection, Message message) {
    node.listener.received(connection, message);
  }

  @Override
  public void badChunk(PeerConnection connection, ChunkIntegrityException e) {
    node.badChunks.incrementAndGet();
    node.listener.badChunk(connection, e);
  }

  @Override
  public ChunkSource chunkSource() {
    return node.chunkSource;
  }

  @Override
  public Executor diskExecutor() {
    return node.disk;
  }

  @Override
  public Executor verifyExecutor() {
    return node.verify;
  }
}
