package chorus.transport.node;

import chorus.transport.peer.PeerSettings;
import chorus.transport.tls.TlsProviderPreference;
import chorus.transport.wire.WireFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * How the node service runs; the config file says who and where, this says how.
 *
 * @param tlsProvider BoringSSL, the JDK's, or whichever works (system property {@code chorus.tls.provider})
 * @param transport epoll, NIO, or whichever works (system property {@code chorus.transport})
 * @param ioThreads event loop threads
 * @param diskThreads threads reading served chunks
 * @param verifyThreads threads hashing received chunks
 * @param peer per-connection timers and limits
 * @param redialInitial first delay before redialling a lost device (then doubling, with jitter)
 * @param redialCap the longest delay between dials
 * @param connectTimeout how long a TCP connect may take
 * @param rateInterval how often byte rates are sampled
 * @param clientVersion what our Hello says
 */
public record NodeSettings(
    TlsProviderPreference tlsProvider,
    NetTransport.Preference transport,
    int ioThreads,
    int diskThreads,
    int verifyThreads,
    PeerSettings peer,
    Duration redialInitial,
    Duration redialCap,
    Duration connectTimeout,
    Duration rateInterval,
    String clientVersion) {

  public NodeSettings {
    Objects.requireNonNull(tlsProvider, "tlsProvider");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(clientVersion, "clientVersion");
    if (ioThreads <= 0 || diskThreads <= 0 || verifyThreads <= 0) {
      throw new IllegalArgumentException("thread counts must be > 0");
    }
    for (Duration d : new Duration[] {redialInitial, redialCap, connectTimeout, rateInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be > 0, got " + d);
      }
    }
    if (redialCap.compareTo(redialInitial) < 0) {
      throw new IllegalArgumentException("redialCap " + redialCap + " is below redialInitial " + redialInitial);
    }
  }

  /** Production defaults, with the provider and transport overridable by system property. */
  public static NodeSettings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new NodeSettings(
        TlsProviderPreference.fromSystemProperty(TlsProviderPreference.AUTO),
        NetTransport.Preference.fromSystemProperty(NetTransport.Preference.AUTO),
        Math.max(2, cores), 4, Math.max(2, cores),
        PeerSettings.defaults(WireFormat.MAX_FRAME_LENGTH),
        Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2),
        versionOr("dev"));
  }

  public NodeSettings withTls(TlsProviderPreference p) {
    return new NodeSettings(p, transport, ioThreads, diskThreads, verifyThreads, peer, redialInitial, redialCap,
        connectTimeout, rateInterval, clientVersion);
  }

  public NodeSettings withTransport(NetTransport.Preference t) {
    return new NodeSettings(tlsProvider, t, ioThreads, diskThreads, verifyThreads, peer, redialInitial, redialCap,
        connectTimeout, rateInterval, clientVersion);
  }

  public NodeSettings withPeer(PeerSettings p) {
    return new NodeSettings(tlsProvider, transport, ioThreads, diskThreads, verifyThreads, p, redialInitial, redialCap,
        connectTimeout, rateInterval, clientVersion);
  }

  public NodeSettings withRedial(Duration initial, Duration cap) {
    return new NodeSettings(tlsProvider, transport, ioThreads, diskThreads, verifyThreads, peer, initial, cap,
        connectTimeout, rateInterval, clientVersion);
  }

  public NodeSettings withRateInterval(Duration interval) {
    return new NodeSettings(tlsProvider, transport, ioThreads, diskThreads, verifyThreads, peer, redialInitial,
        redialCap, connectTimeout, interval, clientVersion);
  }

  public NodeSettings withThreads(int io, int disk, int verify) {
    return new NodeSettings(tlsProvider, transport, io, disk, verify, peer, redialInitial, redialCap,
        connectTimeout, rateInterval, clientVersion);
  }

  private static String versionOr(String fallback) {
    String v = NodeSettings.class.getPackage().getImplementationVersion();
    return v == null ? fallback : v;
  }
}
