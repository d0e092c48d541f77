package chorus.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.node.NetTransport;
import chorus.transport.testing.TestIdentities;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real TLS handshakes on loopback with both providers and every key type a device may have, and the
 * verifier's judgement of what each side ends up seeing.
 */
class TlsHandshakeTest {
  private static EventLoopGroup group;

  @TempDir Path dir;

  @BeforeAll
  static void startLoop() {
    group = NetTransport.select(NetTransport.Preference.AUTO).newGroup(2, "tls-test");
  }

  @AfterAll
  static void stopLoop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** What one side saw when its handshake finished. */
  record Outcome(boolean success, Throwable cause, Certificate[] peerCertificates, String alpn) {}

  record Pair(Outcome server, Outcome client) {}

  enum Provider { JDK, OPENSSL }

  private static TlsProviderPreference preference(Provider p) {
    if (p == Provider.OPENSSL) {
      assumeTrue(OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL), "BoringSSL not usable here");
      return TlsProviderPreference.OPENSSL;
    }
    return TlsProviderPreference.JDK;
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void ecIdentitiesAuthenticateBothWaysWithAlpn(Provider p) throws Exception {
    DeviceIdentity a = TestIdentities.ec();
    DeviceIdentity b = TestIdentities.ec();
    Pair pair = handshake(TlsContexts.create(a, preference(p)), TlsContexts.create(b, preference(p)));
    assertAuthenticated(pair, a, b);
  }

  @Test
  void providersInteroperate() throws Exception {
    DeviceIdentity a = TestIdentities.ec();
    DeviceIdentity b = TestIdentities.ec();
    assertAuthenticated(handshake(
        TlsContexts.create(a, preference(Provider.OPENSSL)), TlsContexts.create(b, TlsProviderPreference.JDK)), a, b);
    assertAuthenticated(handshake(
        TlsContexts.create(a, TlsProviderPreference.JDK), TlsContexts.create(b, preference(Provider.OPENSSL))), a, b);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void ed25519IdentitiesWithTheJdkOnTheVerifyingSide(Provider ed25519Side) throws Exception {
    DeviceIdentity x = TestIdentities.ed25519(dir.resolve("x"));
    DeviceIdentity y = TestIdentities.ed25519(dir.resolve("y"));
    DeviceIdentity ec = TestIdentities.ec();
    // Both Ed25519, both JDK: fine.
    assertAuthenticated(handshake(
        TlsContexts.create(x, TlsProviderPreference.JDK), TlsContexts.create(y, TlsProviderPreference.JDK)), x, y);
    // An Ed25519 device may sign with either provider as long as the peer that verifies it runs the JDK's.
    TlsContexts xContexts = TlsContexts.create(x, preference(ed25519Side));
    TlsContexts ecJdk = TlsContexts.create(ec, TlsProviderPreference.JDK);
    assertAuthenticated(handshake(xContexts, ecJdk), x, ec);
    assertAuthenticated(handshake(ecJdk, xContexts), ec, x);
  }

  /**
   * BoringSSL (as netty-tcnative builds it) does not offer Ed25519 among the signature algorithms it
   * verifies, and Netty exposes no way to enable it: a BoringSSL peer cannot accept an Ed25519 device.
   * This pins that behaviour so the day it changes, the provider choice can be revisited.
   */
  @ParameterizedTest
  @EnumSource(Provider.class)
  void boringSslCannotVerifyAnEd25519Peer(Provider ed25519Side) throws Exception {
    DeviceIdentity x = TestIdentities.ed25519(dir.resolve("x"));
    TlsContexts xContexts = TlsContexts.create(x, preference(ed25519Side));
    TlsContexts ecBoring = TlsContexts.create(TestIdentities.ec(), preference(Provider.OPENSSL));
    Pair xServes = handshake(xContexts, ecBoring);
    assertFalse(xServes.server().success() && xServes.client().success());
    Pair xDials = handshake(ecBoring, xContexts);
    assertFalse(xDials.server().success() && xDials.client().success());
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void rsaIdentities(Provider p) throws Exception {
    DeviceIdentity a = TestIdentities.rsa(dir.resolve("a"));
    DeviceIdentity b = TestIdentities.ec();
    assertAuthenticated(handshake(TlsContexts.create(a, preference(p)), TlsContexts.create(b, preference(p))), a, b);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aClientWithoutCertificateFailsTheHandshake(Provider p) throws Exception {
    TlsContexts server = TlsContexts.create(TestIdentities.ec(), preference(p));
    SslContext anonymous = SslContextBuilder.forClient()
        .sslProvider(server.provider())
        .protocols(TlsContexts.TLS_1_3)
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .endpointIdentificationAlgorithm(null)
        .build();
    Pair pair = handshake(server::newServerHandler, ch -> anonymous.newHandler(ch.alloc()));
    assertFalse(pair.server().success(), "server must refuse a client without certificate");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aPeerWithoutAlpnIsRejectedByTheVerifier(Provider p) throws Exception {
    DeviceIdentity serverId = TestIdentities.ec();
    DeviceIdentity clientId = TestIdentities.ec();
    TlsContexts server = TlsContexts.create(serverId, preference(p));
    SslContext noAlpn = SslContextBuilder.forClient()
        .keyManager(clientId.privateKey(), clientId.certificate())
        .sslProvider(server.provider())
        .protocols(TlsContexts.TLS_1_3)
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .endpointIdentificationAlgorithm(null)
        .build();
    Pair pair = handshake(server::newServerHandler, ch -> noAlpn.newHandler(ch.alloc()));
    assertTrue(pair.server().success(), "TLS itself succeeds");
    assertNull(pair.server().alpn());
    ChorusConfig config = configKnowing(clientId.deviceId());
    TrustDecision decision = new PeerVerifier(serverId.deviceId()).verify(
        pair.server().peerCertificates(), pair.server().alpn(), loopback(), null, config);
    Rejection r = assertInstanceOf(TrustDecision.Rejected.class, decision).rejection();
    assertEquals(RejectReason.NO_ALPN, r.reason());
    assertEquals(clientId.deviceId(), r.device());
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void tls12OnlyClientIsRefused(Provider p) throws Exception {
    DeviceIdentity clientId = TestIdentities.ec();
    TlsContexts server = TlsContexts.create(TestIdentities.ec(), preference(p));
    SslContext tls12 = SslContextBuilder.forClient()
        .keyManager(clientId.privateKey(), clientId.certificate())
        .sslProvider(server.provider() == SslProvider.JDK ? SslProvider.JDK : SslProvider.OPENSSL)
        .protocols("TLSv1.2")
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .endpointIdentificationAlgorithm(null)
        .build();
    Pair pair = handshake(server::newServerHandler, ch -> tls12.newHandler(ch.alloc()));
    assertFalse(pair.server().success());
    assertFalse(pair.client().success());
  }

  private void assertAuthenticated(Pair pair, DeviceIdentity server, DeviceIdentity client) {
    assertTrue(pair.server().success(), () -> "server handshake failed: " + pair.server().cause());
    assertTrue(pair.client().success(), () -> "client handshake failed: " + pair.client().cause());
    assertEquals(TlsContexts.ALPN, pair.server().alpn());
    assertEquals(TlsContexts.ALPN, pair.client().alpn());
    PeerVerifier onServer = new PeerVerifier(server.deviceId());
    PeerVerifier onClient = new PeerVerifier(client.deviceId());
    TrustDecision s = onServer.verify(pair.server().peerCertificates(), pair.server().alpn(), loopback(), null,
        configKnowing(client.deviceId()));
    TrustDecision c = onClient.verify(pair.client().peerCertificates(), pair.client().alpn(), loopback(),
        server.deviceId(), configKnowing(server.deviceId()));
    assertEquals(client.deviceId(), assertInstanceOf(TrustDecision.Accepted.class, s).device());
    assertEquals(server.deviceId(), assertInstanceOf(TrustDecision.Accepted.class, c).device());
  }

  private Pair handshake(TlsContexts server, TlsContexts client) throws Exception {
    return handshake(server::newServerHandler, ch -> client.newClientHandler(ch.alloc()));
  }

  private interface HandlerFactory {
    SslHandler create(io.netty.buffer.ByteBufAllocator alloc);
  }

  private Pair handshake(HandlerFactory server, Function<Channel, SslHandler> client) throws Exception {
    CompletableFuture<Outcome> serverSide = new CompletableFuture<>();
    CompletableFuture<Outcome> clientSide = new CompletableFuture<>();
    NetTransport transport = NetTransport.select(NetTransport.Preference.AUTO);
    Channel listener = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(server.create(ch.alloc()), new Recorder(serverSide));
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    try {
      Channel ch = new Bootstrap()
          .group(group)
          .channel(transport.socketChannel())
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(client.apply(ch), new Recorder(clientSide));
            }
          })
          .connect(listener.localAddress()).sync().channel();
      Pair pair = new Pair(serverSide.get(10, TimeUnit.SECONDS), clientSide.get(10, TimeUnit.SECONDS));
      ch.close().sync();
      return pair;
    } finally {
      listener.close().sync();
    }
  }

  /** Records how the handshake ended on its side, then stays out of the way. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Outcome> outcome;

    Recorder(CompletableFuture<Outcome> outcome) {
      this.outcome = outcome;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (done.isSuccess()) {
          outcome.complete(new Outcome(true, null, ssl.engine().getSession().getPeerCertificates(),
              ssl.applicationProtocol()));
        } else {
          outcome.complete(new Outcome(false, done.cause(), null, null));
        }
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      outcome.complete(new Outcome(false, new IllegalStateException("closed before the handshake ended"), null, null));
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      outcome.complete(new Outcome(false, cause, null, null));
      ctx.close();
    }
  }

  private static ChorusConfig configKnowing(DeviceId peer) {
    return new ChorusConfig("test", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "0123456789abcdef", List.of(), List.of(new DeviceConfig(peer, "peer", List.of(), List.of())), null);
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }
}
