package chorus.transport.peer;

import chorus.core.id.DeviceId;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.Rejection;
import chorus.transport.tls.TrustDecision;
import chorus.transport.wire.MessageDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Takes a connection from "TLS is up" to "usable", under one deadline: the peer's certificate is
 * judged by the verifier, Hello goes both ways (an unknown device gets a chance to show an invite
 * secret), the node registers the connection (the duplicate tie-break), then ClusterConfig goes both
 * ways. Anything out of order, late or refused closes the connection with the reason, logged once by
 * the node. Removes itself when done; one per channel.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private enum Phase { TLS, AWAIT_HELLO, PAIRING, AWAIT_CLUSTER_CONFIG, FINISHED }

  /** Messages that may arrive while the pairing gate is asked; a well-behaved peer sends none. */
  private static final int MAX_STASHED = 8;

  private final PeerConnection connection;
  private final PeerHost host;
  private final ArrayDeque<Object> stashed = new ArrayDeque<>();
  private Phase phase = Phase.TLS;
  private boolean unknownDevice;
  private ScheduledFuture<?> deadline;

  HandshakeHandler(PeerConnection connection, PeerHost host) {
    this.connection = connection;
    this.host = host;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    long ms = host.settings().handshakeTimeout().toMillis();
    deadline = ctx.executor().schedule(() -> {
      if (phase != Phase.FINISHED) {
        reject(RejectReason.HANDSHAKE_TIMEOUT, "handshake not finished within " + ms + " ms (at " + phase + ")");
      }
    }, ms, TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done && phase == Phase.TLS) {
      if (done.isSuccess()) {
        connection.tlsEstablished();
        judge(ctx);
      } else {
        phase = Phase.FINISHED;
        host.rejected(new Rejection(null, remote(), RejectReason.TLS_FAILED, tlsFailure(done.cause())), "");
        connection.close("TLS handshake failed");
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  private void judge(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    Certificate[] certificates;
    try {
      certificates = ssl.engine().getSession().getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      certificates = null;
    }
    TrustDecision decision = host.verifier().verify(
        certificates, ssl.applicationProtocol(), remote(), connection.expectedDevice(), host.config());
    if (decision instanceof TrustDecision.Rejected r) {
      reject(r.rejection(), "");
    } else if (decision instanceof TrustDecision.Accepted a) {
      connection.identify(a.device());
      trust(ctx);
      phase = Phase.AWAIT_HELLO;
      Hello ours = host.helloFor(a.device());
      connection.helloSent(ours); // its invite secret, if any, is what a refusal from the peer refers to
      ctx.writeAndFlush(ours);
    } else if (decision instanceof TrustDecision.Unknown u) {
      // Our Hello waits until an invite admits it: strangers learn nothing about us.
      connection.identify(u.device());
      unknownDevice = true;
      phase = Phase.AWAIT_HELLO;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (phase == Phase.FINISHED) {
      if (connection.closing()) {
        ReferenceCountUtil.release(msg);
      } else {
        ctx.fireChannelRead(msg);
      }
      return;
    }
    if (msg instanceof Close close) {
      phase = Phase.FINISHED;
      connection.peerClosed(close.reason());
      return;
    }
    switch (phase) {
      case AWAIT_HELLO -> onHello(ctx, msg);
      case PAIRING -> {
        if (stashed.size() >= MAX_STASHED) {
          ReferenceCountUtil.release(msg);
          reject(RejectReason.PROTOCOL_ERROR, "too many messages before our Hello");
        } else {
          stashed.add(msg);
        }
      }
      case AWAIT_CLUSTER_CONFIG -> {
        if (msg instanceof ClusterConfig config) {
          finish(ctx, config);
        } else {
          ReferenceCountUtil.release(msg);
          reject(RejectReason.PROTOCOL_ERROR, "expected ClusterConfig, got " + name(msg));
        }
      }
      default -> {
        ReferenceCountUtil.release(msg);
        reject(RejectReason.PROTOCOL_ERROR, "message before the TLS handshake finished");
      }
    }
  }

  private void onHello(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Hello hello)) {
      ReferenceCountUtil.release(msg);
      reject(RejectReason.PROTOCOL_ERROR, "expected Hello, got " + name(msg));
      return;
    }
    connection.helloReceived(hello);
    if (hello.protocolVersion() != Hello.PROTOCOL_VERSION) {
      reject(RejectReason.PROTOCOL_ERROR, "protocol version " + hello.protocolVersion() + " is not "
          + Hello.PROTOCOL_VERSION + " (client " + hello.clientName() + " " + hello.clientVersion() + ")");
      return;
    }
    if (!unknownDevice) {
      register(ctx);
      return;
    }
    if (hello.pairingSecret().isEmpty()) {
      reject(RejectReason.UNKNOWN_DEVICE, "not in the config and no invite secret");
      return;
    }
    phase = Phase.PAIRING;
    connection.readGate().pause(ReadGate.Reason.PAIRING);
    DeviceId device = connection.device();
    host.admitByInvite(device, hello, remote()).whenComplete((decision, error) ->
        ctx.executor().execute(() -> afterPairing(ctx, decision, error)));
  }

  private void afterPairing(ChannelHandlerContext ctx, TrustDecision decision, Throwable error) {
    if (phase != Phase.PAIRING || !ctx.channel().isActive()) {
      return;
    }
    connection.readGate().resume(ReadGate.Reason.PAIRING);
    if (error != null) {
      reject(RejectReason.UNKNOWN_DEVICE, "the invite could not be checked: " + describe(error));
      return;
    }
    if (decision instanceof TrustDecision.Accepted a) {
      unknownDevice = false;
      trust(ctx);
      ctx.writeAndFlush(host.helloFor(a.device()));
      register(ctx);
      while (!stashed.isEmpty() && phase != Phase.FINISHED) {
        channelReadSafely(ctx, stashed.poll());
      }
    } else if (decision instanceof TrustDecision.Rejected r) {
      reject(r.rejection(), helloName());
    } else {
      reject(RejectReason.UNKNOWN_DEVICE, "the invite secret was not accepted");
    }
  }

  /** The peer is accepted: from now on its frames may be as large as the configured maximum. */
  private void trust(ChannelHandlerContext ctx) {
    MessageDecoder decoder = ctx.pipeline().get(MessageDecoder.class);
    if (decoder != null) {
      decoder.trust();
    }
  }

  private void channelReadSafely(ChannelHandlerContext ctx, Object msg) {
    try {
      channelRead(ctx, msg);
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }

  private void register(ChannelHandlerContext ctx) {
    var duplicate = host.register(connection);
    if (duplicate.isPresent()) {
      reject(duplicate.get(), helloName());
      return;
    }
    phase = Phase.AWAIT_CLUSTER_CONFIG;
    ctx.writeAndFlush(host.clusterConfigFor(connection.device()));
  }

  private void finish(ChannelHandlerContext ctx, ClusterConfig theirs) {
    phase = Phase.FINISHED;
    cancelDeadline();
    ctx.pipeline().remove(this);
    connection.markReady();
    host.ready(connection, theirs);
  }

  private void reject(RejectReason reason, String detail) {
    reject(new Rejection(connection.device(), remote(), reason, detail), helloName());
  }

  private void reject(Rejection rejection, String deviceName) {
    if (phase == Phase.FINISHED && connection.closing()) {
      return;
    }
    phase = Phase.FINISHED;
    cancelDeadline();
    releaseStashed();
    host.rejected(rejection, deviceName);
    connection.close(rejection.closeReason());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    releaseStashed();
    super.channelInactive(ctx);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  private void releaseStashed() {
    while (!stashed.isEmpty()) {
      ReferenceCountUtil.release(stashed.poll());
    }
  }

  private String helloName() {
    return connection.hello().map(Hello::deviceName).orElse("");
  }

  private InetSocketAddress remote() {
    return connection.remoteAddress();
  }

  /** The TLS failure, with a hint for the one known incompatibility (see TlsContexts#resolve). */
  private static String tlsFailure(Throwable cause) {
    String d = describe(cause);
    if (d.contains("NO_COMMON_SIGNATURE_ALGORITHMS")) {
      d += "; an Ed25519 device (e.g. from Syncthing 2.x) needs the JDK TLS provider on this side:"
          + " run with --tls-provider jdk";
    }
    return d;
  }

  private static String name(Object msg) {
    return msg == null ? "null" : msg.getClass().getSimpleName();
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
