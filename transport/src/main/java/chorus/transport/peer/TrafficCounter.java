package chorus.transport.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes a connection moves on the socket (TLS records included), for status and rates. Sits
 * below TLS, at the bottom of the pipeline. One per channel; only its event loop writes the counters.
 */
final class TrafficCounter extends ChannelDuplexHandler {
  private volatile long bytesIn;
  private volatile long bytesOut;

  long bytesIn() {
    return bytesIn;
  }

  long bytesOut() {
    return bytesOut;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    long n = size(msg);
    if (n > 0) {
      bytesIn = bytesIn + n; // single writer: the channel's event loop
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    long n = size(msg);
    if (n > 0) {
      bytesOut = bytesOut + n;
    }
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    if (msg instanceof ByteBufHolder h) {
      return h.content().readableBytes();
    }
    return 0;
  }
}
