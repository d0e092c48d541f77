package chorus.transport.bench;

import static chorus.transport.bench.BenchSupport.fmt;
import static chorus.transport.bench.BenchSupport.option;

import chorus.transport.node.NetTransport;
import chorus.transport.tls.TlsContexts;
import chorus.transport.tls.TlsProviderPreference;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The TLS ceiling: the same TLS contexts, socket layer and socket options as the node, but no protocol,
 * no chunk source and no hashing: one process streams 1 MiB buffers as fast as TLS takes them, the other
 * counts the plaintext. Modes {@code raw-serve DIR} and {@code raw-fetch DIR}.
 */
public final class RawTlsBench {
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(2 << 20, 8 << 20);

  private RawTlsBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    NetTransport transport = NetTransport.select(NetTransport.Preference.parse(option(args, "transport", "auto")));
    TlsProviderPreference tls = TlsProviderPreference.parse(option(args, "tls", "auto"));
    EventLoopGroup group = transport.newGroup(2, "raw-tls");
    try {
      if (args[0].equals("raw-serve")) {
        serve(dir, transport, group, TlsContexts.create(BenchSupport.readIdentity(dir.resolve("server")), tls));
      } else {
        fetch(dir, args, transport, group, TlsContexts.create(BenchSupport.readIdentity(dir.resolve("client")), tls));
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static void serve(Path dir, NetTransport transport, EventLoopGroup group, TlsContexts tls) throws Exception {
    ByteBuf block = ByteBufAllocator.DEFAULT.directBuffer(1 << 20);
    byte[] junk = new byte[1 << 20];
    new java.util.SplittableRandom(3).nextBytes(junk);
    block.writeBytes(junk);
    Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(tls.newServerHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
              private boolean streaming;

              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                  streaming = true;
                  pump(ctx);
                }
              }

              @Override
              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                pump(ctx);
              }

              private void pump(ChannelHandlerContext ctx) {
                while (streaming && ctx.channel().isWritable()) {
                  ctx.write(block.retainedDuplicate(), ctx.voidPromise());
                }
                ctx.flush();
              }

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }
            });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    BenchSupport.publishCpu(dir);
    BenchSupport.writeAtomically(dir.resolve("port"), String.valueOf(((InetSocketAddress) server.localAddress()).getPort()));
    System.out.println("raw TLS server ready: " + tls.providerName() + ", " + transport.name());
    server.closeFuture().sync();
  }

  private static void fetch(Path dir, String[] args, NetTransport transport, EventLoopGroup group, TlsContexts tls)
      throws Exception {
    int rounds = Integer.parseInt(option(args, "rounds", "5"));
    int warmup = Integer.parseInt(option(args, "warmup", "2"));
    long perRound = Long.parseLong(option(args, "bytes", String.valueOf(1L << 30)));
    int port = Integer.parseInt(BenchSupport.awaitFile(dir.resolve("port"), 120));
    List<Double> rates = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Channel ch = new Bootstrap().group(group).channel(transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(tls.newClientHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
              private long received;
              private BenchSupport.Round measured;
              private int round = 1 - warmup;

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (measured == null) {
                  measured = new BenchSupport.Round(dir);
                }
                received += ((ByteBuf) msg).readableBytes();
                ReferenceCountUtil.release(msg);
                if (received >= perRound) {
                  // Sampling pauses this loop 150 ms between rounds (outside the timed interval); the server
                  // only fills the socket buffers meanwhile, a few MB charged to the round that just ended.
                  String line = finishQuietly(measured, received, rates, cpu, round > 0);
                  System.out.println("raw TLS round " + round + (round <= 0 ? " (warm-up, not counted)" : "") + ": "
                      + line);
                  round++;
                  received = 0;
                  measured = new BenchSupport.Round(dir);
                  if (round > rounds) {
                    finished.complete(null);
                    ctx.close();
                  }
                }
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                finished.completeExceptionally(cause);
                ctx.close();
              }
            });
          }
        })
        .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    finished.get(10, TimeUnit.MINUTES);
    ch.closeFuture().sync();
    System.out.println("RESULT raw-tls tls=" + tls.providerName() + " transport=" + transport.name()
        + " median_GBps=" + fmt(BenchSupport.median(rates)) + " min_GBps=" + fmt(rates.stream().min(Double::compare).orElseThrow())
        + " max_GBps=" + fmt(rates.stream().max(Double::compare).orElseThrow()) + " rounds=" + rates.size()
        + " median_cpu_s_per_GB=" + fmt(BenchSupport.median(cpu)));
  }

  private static String finishQuietly(BenchSupport.Round r, long bytes, List<Double> rates, List<Double> cpu,
      boolean counted) {
    try {
      return r.finish(bytes, rates, cpu, counted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
