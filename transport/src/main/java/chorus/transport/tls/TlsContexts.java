package chorus.transport.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server and client TLS contexts of a device: TLS 1.3 only, the device certificate on both sides,
 * client certificates required, ALPN {@value #ALPN} offered and then required by {@link PeerVerifier},
 * and no CA ({@link AnyCertificateTrustManager}). Built once per identity and provider; each connection
 * takes a fresh {@link SslHandler}.
 *
 * <p>Handlers are made without a peer host, so no session is ever resumed: every connection presents
 * and checks the full certificate.
 */
public final class TlsContexts {
  /** The one application protocol chorus speaks over TLS; a peer that does not offer it is dropped. */
  public static final String ALPN = chorus.transport.wire.WireFormat.ALPN;
  /** TLS 1.3 only: the protocol name as the JDK and Netty spell it. */
  public static final String TLS_1_3 = "TLSv1.3";

  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  private final SslContext server;
  private final SslContext client;
  private final SslProvider provider;

  private TlsContexts(SslContext server, SslContext client, SslProvider provider) {
    this.server = server;
    this.client = client;
    this.provider = provider;
  }

  /**
   * Builds both contexts for {@code identity} with the provider {@code preference} resolves to.
   *
   * @throws IllegalStateException if a forced provider is unavailable or the key does not work with it
   */
  public static TlsContexts create(DeviceIdentity identity, TlsProviderPreference preference) {
    Objects.requireNonNull(identity, "identity");
    SslProvider provider = resolve(preference, identity.privateKey().getAlgorithm());
    ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(
        ApplicationProtocolConfig.Protocol.ALPN,
        // Never pick something else; a missing or foreign protocol is caught (and logged) after the handshake.
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ALPN);
    try {
      boolean jdk = provider == SslProvider.JDK;
      DeviceKeyManager keys = new DeviceKeyManager(identity.privateKey(), identity.certificate());
      SslContext server = (jdk
              ? SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
              : SslContextBuilder.forServer(keys))
          .sslProvider(provider)
          .protocols(TLS_1_3)
          .clientAuth(ClientAuth.REQUIRE)
          .trustManager(AnyCertificateTrustManager.INSTANCE)
          .applicationProtocolConfig(alpn)
          .build();
      SslContextBuilder clientBuilder = SslContextBuilder.forClient();
      if (jdk) {
        clientBuilder.keyManager(identity.privateKey(), identity.certificate());
      } else {
        clientBuilder.keyManager(keys);
      }
      SslContext client = clientBuilder
          .sslProvider(provider)
          .protocols(TLS_1_3)
          .trustManager(AnyCertificateTrustManager.INSTANCE)
          // Peers are named by device ID, not host name; there is no name to check.
          .endpointIdentificationAlgorithm(null)
          .applicationProtocolConfig(alpn)
          .build();
      return new TlsContexts(server, client, provider);
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot set up TLS with the " + describe(provider) + " provider for a "
          + identity.privateKey().getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /**
   * The provider {@code preference} resolves to on this machine for a key of {@code keyAlgorithm},
   * logging the choice and why.
   *
   * <p>BoringSSL as netty-tcnative builds it does not verify Ed25519 signatures (and Netty offers no
   * switch), so a peer with an Ed25519 certificate can only be accepted by the JDK provider. Devices
   * migrated from Syncthing 2.x tend to come together, so {@link TlsProviderPreference#AUTO} takes the
   * JDK for an Ed25519 device; its EC peers then need the JDK provider too (see docs/ARCHITECTURE.md).
   */
  public static SslProvider resolve(TlsProviderPreference preference, String keyAlgorithm) {
    boolean openSslUsable = OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL) && SslProvider.isAlpnSupported(SslProvider.OPENSSL);
    switch (preference) {
      case JDK -> {
        log.info("TLS provider: JDK (forced)");
        return SslProvider.JDK;
      }
      case OPENSSL -> {
        if (!openSslUsable) {
          throw new IllegalStateException("the OpenSSL/BoringSSL TLS provider was requested but is unusable: "
              + openSslProblem());
        }
        log.info("TLS provider: {} (forced)", OpenSsl.versionString());
        return SslProvider.OPENSSL;
      }
      default -> {
        if (isEd25519(keyAlgorithm)) {
          log.info("TLS provider: JDK (the device key is Ed25519, which BoringSSL peers cannot verify)");
          return SslProvider.JDK;
        }
        if (openSslUsable) {
          log.info("TLS provider: {}", OpenSsl.versionString());
          return SslProvider.OPENSSL;
        }
        log.info("TLS provider: JDK (BoringSSL unusable: {})", openSslProblem());
        return SslProvider.JDK;
      }
    }
  }

  static boolean isEd25519(String keyAlgorithm) {
    return "Ed25519".equalsIgnoreCase(keyAlgorithm) || "EdDSA".equalsIgnoreCase(keyAlgorithm);
  }

  private static String openSslProblem() {
    if (!OpenSsl.isAvailable()) {
      Throwable cause = OpenSsl.unavailabilityCause();
      return "netty-tcnative did not load" + (cause == null ? "" : ": " + cause);
    }
    if (!SslProvider.isTlsv13Supported(SslProvider.OPENSSL)) {
      return OpenSsl.versionString() + " has no TLS 1.3";
    }
    return OpenSsl.versionString() + " has no ALPN";
  }

  /** A human name for a provider, e.g. {@code BoringSSL} or {@code JDK}. */
  public static String describe(SslProvider provider) {
    if (provider == SslProvider.JDK) {
      return "JDK";
    }
    String version = OpenSsl.isAvailable() ? OpenSsl.versionString() : null;
    return version == null ? provider.name() : version;
  }

  public SslProvider provider() {
    return provider;
  }

  /** {@code BoringSSL} or {@code JDK}: what status output shows. */
  public String providerName() {
    return describe(provider);
  }

  /** A handler for a connection we accepted. */
  public SslHandler newServerHandler(ByteBufAllocator alloc) {
    return server.newHandler(alloc);
  }

  /** A handler for a connection we dialled. */
  public SslHandler newClientHandler(ByteBufAllocator alloc) {
    return client.newHandler(alloc);
  }
}
