package chorus.transport.node;

import static chorus.transport.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.DeviceConfig;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import chorus.transport.peer.PeerConnection;
import chorus.transport.peer.PeerSettings;
import chorus.transport.testing.TestIdentities;
import chorus.transport.testing.TestNode;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.TlsContexts;
import chorus.transport.tls.TlsProviderPreference;
import chorus.transport.wire.MessageDecoder;
import chorus.transport.wire.MessageEncoder;
import chorus.transport.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection's timers and its handling of misbehaving peers, with real TLS on loopback. */
class PeerPipelineTest {
  private static final ChunkSource NOTHING = (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND;
  private final List<TestNode> nodes = new ArrayList<>();
  private EventLoopGroup rawGroup;

  @AfterEach
  void stop() {
    nodes.forEach(TestNode::close);
    if (rawGroup != null) {
      rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static PeerSettings timers(Duration ping, Duration idle) {
    return TestNode.settings(TlsProviderPreference.AUTO).peer().withTimers(Duration.ofSeconds(10), ping, idle);
  }

  @Test
  void pingsKeepAQuietConnectionAliveAndSilenceClosesIt() throws Exception {
    TestNode a = new TestNode("alpha");
    TestNode b = new TestNode("beta");
    nodes.add(a);
    nodes.add(b);
    a.start(TestNode.config("alpha", 0).withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of())),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(timers(Duration.ofMillis(100), Duration.ofMillis(600))),
        NOTHING);
    b.start(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(timers(Duration.ofMillis(100), Duration.ofMillis(600))),
        NOTHING);
    await("connected", () -> a.connectedTo(b) && b.connectedTo(a));
    PeerConnection first = a.node.connection(b.id()).orElseThrow();
    long before = first.bytesIn();
    // Several idle timeouts pass with no traffic but pings: the connection stays.
    Thread.sleep(2000);
    assertTrue(first.isReady(), "still connected");
    assertEquals(first, a.node.connection(b.id()).orElseThrow());
    assertTrue(first.bytesIn() > before, "pings arrived");
    assertTrue(a.disconnects.isEmpty() && b.disconnects.isEmpty());
    a.close();
    b.close();

    // A peer that never pings (interval of an hour) is dropped after the idle timeout.
    TestNode quiet = new TestNode("quiet");
    TestNode strict = new TestNode("strict");
    nodes.add(quiet);
    nodes.add(strict);
    strict.start(TestNode.config("strict", 0).withDevice(new DeviceConfig(quiet.id(), "quiet", List.of(), List.of())),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(timers(Duration.ofHours(1), Duration.ofMillis(500))),
        NOTHING);
    quiet.start(TestNode.config("quiet", 0).withDevice(strict.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(timers(Duration.ofHours(1), Duration.ofHours(1))),
        NOTHING);
    await("the quiet peer was dropped for silence",
        () -> strict.disconnects.stream().anyMatch(r -> r.contains("nothing received for 500 ms")));
    await("and told why", () -> quiet.disconnects.stream()
        .anyMatch(r -> r.equals("closed by peer: nothing received for 500 ms")));
  }

  /** A raw TLS client of a known device; records the messages it receives. */
  private Channel rawClient(TestNode server, DeviceIdentity as, List<Object> received,
      Consumer<Channel> afterTls) throws Exception {
    rawGroup = NetTransport.select(NetTransport.Preference.AUTO).newGroup(1, "raw");
    TlsContexts tls = TlsContexts.create(as, TlsProviderPreference.AUTO);
    return new Bootstrap().group(rawGroup).channel(NetTransport.select(NetTransport.Preference.AUTO).socketChannel())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(tls.newClientHandler(ch.alloc()), new MessageDecoder(), new MessageEncoder(),
                new SimpleChannelInboundHandler<Message>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
                    received.add(msg);
                  }

                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                      afterTls.accept(ctx.channel());
                    }
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                  }
                });
          }
        })
        .connect(server.node.listenAddress()).sync().channel();
  }

  @Test
  void malformedBytesCloseTheConnectionWithAReason() throws Exception {
    DeviceIdentity client = TestIdentities.ec();
    TestNode server = new TestNode("server");
    nodes.add(server);
    server.start(TestNode.config("server", 0).withDevice(new DeviceConfig(client.deviceId(), "c", List.of(), List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    List<Object> received = new CopyOnWriteArrayList<>();
    Channel ch = rawClient(server, client, received, c -> {
      c.writeAndFlush(new Hello("raw", "test", "1", Hello.PROTOCOL_VERSION, ""));
      // A frame that claims 2 GB: over any maximum.
      c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}));
    });
    assertTrue(ch.closeFuture().await(20, TimeUnit.SECONDS), "the server closed the connection");
    Close close = received.stream().filter(Close.class::isInstance).map(Close.class::cast).findFirst().orElseThrow(
        () -> new AssertionError("no Close in " + received));
    assertTrue(close.reason().startsWith("protocol error: malformed message"), close.reason());
    assertTrue(server.node.connections().isEmpty());
  }

  @Test
  void aPeerThatNeverSaysHelloIsDroppedAtTheDeadline() throws Exception {
    DeviceIdentity client = TestIdentities.ec();
    TestNode server = new TestNode("server");
    nodes.add(server);
    server.start(TestNode.config("server", 0).withDevice(new DeviceConfig(client.deviceId(), "c", List.of(), List.of())),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(TestNode.settings(TlsProviderPreference.AUTO).peer()
            .withTimers(Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofSeconds(300))),
        NOTHING);
    List<Object> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> tlsUp = new CompletableFuture<>();
    Channel ch = rawClient(server, client, received, c -> tlsUp.complete(null));
    tlsUp.get(20, TimeUnit.SECONDS);
    assertTrue(ch.closeFuture().await(20, TimeUnit.SECONDS));
    await("rejected for the deadline",
        () -> server.rejections.stream().anyMatch(r -> r.reason() == RejectReason.HANDSHAKE_TIMEOUT));
    assertEquals(client.deviceId(), server.rejections.get(0).device());
    // It got the server's Hello (it is a known device), then the reason.
    assertTrue(received.get(0) instanceof Hello, received::toString);
    assertTrue(((Close) received.get(received.size() - 1)).reason().startsWith("HANDSHAKE_TIMEOUT"));
  }

  @Test
  void aStrangerClaimingAOneMebibyteFrameIsRefusedAtOnce() throws Exception {
    DeviceIdentity stranger = TestIdentities.ec(); // not in the server's config
    TestNode server = new TestNode("server");
    nodes.add(server);
    // A long handshake deadline, so that only the frame limit can end the connection within the test.
    server.start(TestNode.config("server", 0),
        TestNode.settings(TlsProviderPreference.AUTO).withPeer(TestNode.settings(TlsProviderPreference.AUTO).peer()
            .withTimers(Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ofSeconds(300))),
        NOTHING);
    List<Object> received = new CopyOnWriteArrayList<>();
    Channel ch = rawClient(server, stranger, received, c ->
        // Only the header of a 1 MiB IndexUpdate: within the trusted maximum, far over the untrusted one.
        c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0x00, 0x10, 0x00, 0x00, WireFormat.TYPE_INDEX_UPDATE})));
    assertTrue(ch.closeFuture().await(60, TimeUnit.SECONDS), "the server closed the connection");
    Close close = received.stream().filter(Close.class::isInstance).map(Close.class::cast).findFirst().orElseThrow(
        () -> new AssertionError("no Close in " + received));
    assertTrue(close.reason().contains("frame length 1048576 is outside 1..65536"), close.reason());
    assertTrue(received.stream().noneMatch(Hello.class::isInstance), "a stranger learns nothing: " + received);
  }
}
