package chorus.transport.peer;

import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Ping;
import chorus.transport.wire.InboundChunk;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: routes messages after the handshake (chunk requests to the server, responses to the
 * requester, the rest to the node), turns idle events into Pings or a close, and is where every
 * exception ends: it is logged once and the connection closes with the reason. Nothing escapes the
 * pipeline. One per channel.
 */
final class PeerMessageHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(PeerMessageHandler.class);
  private static final Ping PING = new Ping();

  private final PeerConnection connection;
  private final PeerHost host;

  PeerMessageHandler(PeerConnection connection, PeerHost host) {
    this.connection = connection;
    this.host = host;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (connection.closing()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof ChunkRequest request) {
      connection.server().onRequest(request);
    } else if (msg instanceof InboundChunk chunk) {
      connection.requester().onChunk(chunk); // it owns the buffer from here
    } else if (msg instanceof ChunkResponse response) {
      connection.requester().onResponse(response);
    } else if (msg instanceof Ping) {
      // Reading it was the point: the idle timer has been reset.
    } else if (msg instanceof Close close) {
      connection.peerClosed(close.reason());
    } else if (msg instanceof ClusterConfig || msg instanceof IndexUpdate) {
      host.received(connection, (chorus.core.protocol.Message) msg);
    } else if (msg instanceof Hello) {
      connection.protocolError("Hello after the handshake");
    } else {
      ReferenceCountUtil.release(msg);
      connection.protocolError("unexpected " + (msg == null ? "null" : msg.getClass().getSimpleName()));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle) {
      if (!connection.isReady()) {
        return; // the handshake has its own deadline
      }
      switch (idle.state()) {
        case WRITER_IDLE -> ctx.writeAndFlush(PING, ctx.voidPromise());
        case READER_IDLE -> {
          String idleFor = describe(host.settings().idleTimeout());
          log.info("{} sent nothing for {}; closing", connection.describe(), idleFor);
          connection.close("nothing received for " + idleFor);
        }
        default -> { }
      }
      return;
    }
    ReferenceCountUtil.release(evt);
  }

  private static String describe(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.server().onWritabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (connection.closing()) {
      log.debug("{}: after close: {}", connection.describe(), cause.toString());
      return;
    }
    if (!connection.tlsUp()) {
      // A failed TLS handshake: the handshake handler logs it once, from the completion event.
      log.debug("{}: during the TLS handshake: {}", connection.describe(), cause.toString());
      ctx.close();
      return;
    }
    if (cause instanceof IOException) {
      log.info("connection to {} failed: {}", connection.describe(), cause.getMessage());
      connection.close("I/O error: " + cause.getMessage());
    } else if (cause instanceof DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
      // The handshake handler reports TLS failures during the handshake; this is one afterwards.
      log.info("TLS error on the connection to {}: {}", connection.describe(), cause.getCause().getMessage());
      connection.close("TLS error");
    } else if (cause instanceof DecoderException) {
      connection.protocolError("malformed message: " + (cause.getMessage() == null ? cause : cause.getMessage()));
    } else {
      log.warn("unexpected error on the connection to {}; closing", connection.describe(), cause);
      connection.close("internal error: " + cause);
    }
  }
}
