package chorus.transport.peer;

import chorus.core.id.DeviceId;
import chorus.transport.tls.TlsContexts;
import chorus.transport.wire.MessageDecoder;
import chorus.transport.wire.MessageEncoder;
import chorus.transport.wire.WireCodecs;
import chorus.transport.wire.WireFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole pipeline of a peer connection, top to bottom:
 *
 * <pre>
 *   traffic     byte counter on the socket (raw TLS bytes)           per channel
 *   tls         SslHandler: TLS 1.3, mutual, ALPN chorus/1            per channel
 *   decoder     frames to Messages, 64 KiB until trusted, then max     per channel
 *   encoder     Messages and zero-copy chunks to frames                shared
 *   handshake   trust, Hello, registration, ClusterConfig, deadline   per channel, removes itself
 *   idle        IdleStateHandler: write-idle (ping), read-idle (drop)  per channel
 *   dispatch    chunk server/requester, node events, all exceptions   per channel
 * </pre>
 *
 * One initializer serves every accepted connection; a dial gets its own, naming the device it expects.
 */
public final class PeerChannelInitializer extends ChannelInitializer<Channel> {
  private final PeerHost host;
  private final TlsContexts tls;
  private final boolean dialled;
  private final DeviceId expected;
  private final Consumer<PeerConnection> created;
  private final MessageEncoder encoder;

  private PeerChannelInitializer(
      PeerHost host, TlsContexts tls, boolean dialled, DeviceId expected, Consumer<PeerConnection> created) {
    this.host = host;
    this.tls = tls;
    this.dialled = dialled;
    this.expected = expected;
    this.created = created;
    this.encoder = new MessageEncoder(host.settings().maxFrameLength());
  }

  /** For the listener: connections we accept. */
  public static PeerChannelInitializer accepting(PeerHost host, TlsContexts tls, Consumer<PeerConnection> created) {
    return new PeerChannelInitializer(host, tls, false, null, created);
  }

  /** For one dial to {@code expected}: its certificate must be that device's. */
  public static PeerChannelInitializer dialling(
      PeerHost host, TlsContexts tls, DeviceId expected, Consumer<PeerConnection> created) {
    return new PeerChannelInitializer(host, tls, true, expected, created);
  }

  @Override
  protected void initChannel(Channel ch) {
    PeerSettings s = host.settings();
    PeerConnection connection = new PeerConnection(ch, host, tls.providerName(), dialled, expected);
    SslHandler ssl = dialled ? tls.newClientHandler(ch.alloc()) : tls.newServerHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(s.handshakeTimeout().toMillis());
    // Small frames only until the handshake accepts the peer: a stranger must not make us buffer 8 MiB.
    // Chunk data stays in the buffers it arrived in, from the socket to the file (ChunkRequester).
    MessageDecoder decoder = MessageDecoder.untrusted(s.maxFrameLength(), WireFormat.UNTRUSTED_MAX_FRAME_LENGTH)
        .chunksInBuffers();
    // The default (merging) cumulator. A composite one saved ~0.2 CPU s per GB in a one-connection bench,
    // but with the sync engine's pipelined fetches it gathers thousands of TLS records, and every read then
    // searches them linearly (CompositeByteBuf.toComponentIndex0 was most of a receiver's CPU profile in a
    // 3 GB pull): one copy more is far cheaper.
    ch.pipeline()
        .addLast("traffic", connection.traffic())
        .addLast("tls", ssl)
        .addLast(WireCodecs.DECODER, decoder)
        .addLast(WireCodecs.ENCODER, encoder)
        .addLast("handshake", new HandshakeHandler(connection, host))
        .addLast("idle", new IdleStateHandler(
            s.idleTimeout().toMillis(), s.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS))
        .addLast("dispatch", new PeerMessageHandler(connection, host));
    created.accept(connection);
  }
}
