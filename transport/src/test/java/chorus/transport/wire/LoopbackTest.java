package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The codec over a real TCP connection on loopback: socket reads cut frames wherever they like, and
 * chunk frames go out as gathering writes of header + pooled direct data.
 */
@ExtendWith(LeakGuard.class)
class LoopbackTest {
  private static final long WAIT_SECONDS = 60; // a hang guard, not a timing expectation

  private EventLoopGroup group;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private Channel server;

  @BeforeEach
  void start() throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            WireCodecs.install(ch.pipeline());
            ch.pipeline().addLast(new SimpleChannelInboundHandler<Message>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
                received.add(msg);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                received.add(cause);
                ctx.close(); // what a connection does on a wire error
              }
            });
          }
        })
        .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close().sync();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
  }

  private Channel connect() throws InterruptedException {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            WireCodecs.install(ch.pipeline());
          }
        })
        .connect(server.localAddress()).sync().channel();
  }

  @Test
  void messagesAndZeroCopyChunksArriveIntactAndInOrder() throws InterruptedException {
    Random r = new Random(1);
    List<Message> expected = new ArrayList<>();
    List<ByteBuf> chunkBuffers = new ArrayList<>();
    Channel client = connect();
    for (Message m : Samples.everyKind(r)) {
      client.write(m);
      expected.add(m);
    }
    for (int i = 0; i < 8; i++) {
      byte[] data = new byte[i == 7 ? ChunkRequest.MAX_CHUNK_LENGTH : 1 + r.nextInt(300_000)];
      r.nextBytes(data);
      ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(data.length).writeBytes(data);
      chunkBuffers.add(buf);
      client.write(new OutboundChunk(i, buf));
      expected.add(new ChunkResponse(i, ChunkResponse.Status.OK, data));
    }
    ChannelFuture last = client.writeAndFlush(new Ping());
    expected.add(new Ping());
    assertTrue(last.await(WAIT_SECONDS, TimeUnit.SECONDS) && last.isSuccess(), "write completed");
    List<Object> got = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      Object o = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(o, "message " + i + " of " + expected.size() + " never arrived");
      got.add(o);
    }
    assertEquals(expected, got);
    LeakGuard.assertAllReleased(chunkBuffers);
    client.close().sync();
  }

  @Test
  void garbageFromAPeerIsOneErrorAndTheConnectionIsClosed() throws InterruptedException {
    Channel client = connect();
    client.pipeline().remove(WireCodecs.ENCODER);
    client.writeAndFlush(ByteBufAllocator.DEFAULT.buffer().writeBytes(WireHarness.encode(new Ping())));
    byte[] garbage = new byte[100_000];
    new Random(2).nextBytes(garbage);
    garbage[0] = 0;
    client.writeAndFlush(ByteBufAllocator.DEFAULT.buffer().writeBytes(garbage));
    assertEquals(new Ping(), received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(WireFormatException.class, received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(client.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the server closed the connection");
    assertTrue(received.isEmpty(), () -> "nothing after the error: " + received);
  }
}
