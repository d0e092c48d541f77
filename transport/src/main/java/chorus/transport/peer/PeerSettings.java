package chorus.transport.peer;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timers of one peer connection.
 *
 * @param handshakeTimeout TLS, Hello and ClusterConfig must be done within this
 * @param pingInterval a Ping goes out when nothing was written for this long
 * @param idleTimeout the connection closes when nothing was read for this long
 * @param closeTimeout how long a Close may take to get out before the socket is closed anyway
 * @param maxBytesInFlight chunk bytes this side may have requested and not yet received, per peer (a
 *     single larger chunk may still go when nothing else is in flight)
 * @param maxConcurrentReads chunk reads (disk read until written to the socket) in progress per peer
 * @param maxQueuedRequestBytes requested bytes a peer may have waiting to be served; above it, this side
 *     stops reading from that peer until the queue drains. At least {@code maxBytesInFlight}, so two
 *     chorus nodes with equal settings never make each other stop reading (which could deadlock two
 *     nodes serving each other at once).
 * @param maxFrameLength the codec's maximum frame length
 */
public record PeerSettings(
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration idleTimeout,
    Duration closeTimeout,
    long maxBytesInFlight,
    int maxConcurrentReads,
    long maxQueuedRequestBytes,
    int maxFrameLength) {

  public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 32L * 1024 * 1024;

  public PeerSettings {
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(pingInterval, "pingInterval");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(closeTimeout, "closeTimeout");
    if (maxBytesInFlight <= 0) {
      throw new IllegalArgumentException("maxBytesInFlight must be > 0, got " + maxBytesInFlight);
    }
    if (maxConcurrentReads <= 0) {
      throw new IllegalArgumentException("maxConcurrentReads must be > 0, got " + maxConcurrentReads);
    }
    if (maxQueuedRequestBytes < maxBytesInFlight) {
      throw new IllegalArgumentException("maxQueuedRequestBytes (" + maxQueuedRequestBytes
          + ") must be at least maxBytesInFlight (" + maxBytesInFlight + ")");
    }
    if (maxFrameLength <= 0) {
      throw new IllegalArgumentException("maxFrameLength must be > 0, got " + maxFrameLength);
    }
  }

  /** Syncthing's timers (ping after 90 s quiet, drop after 300 s silent), 32 MiB in flight. */
  public static PeerSettings defaults(int maxFrameLength) {
    return new PeerSettings(Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofSeconds(300),
        Duration.ofSeconds(10), DEFAULT_MAX_BYTES_IN_FLIGHT, 16, 2 * DEFAULT_MAX_BYTES_IN_FLIGHT, maxFrameLength);
  }

  public PeerSettings withTimers(Duration handshake, Duration ping, Duration idle) {
    return new PeerSettings(handshake, ping, idle, closeTimeout, maxBytesInFlight, maxConcurrentReads,
        maxQueuedRequestBytes, maxFrameLength);
  }

  public PeerSettings withMaxBytesInFlight(long bytes) {
    return new PeerSettings(handshakeTimeout, pingInterval, idleTimeout, closeTimeout, bytes, maxConcurrentReads,
        Math.max(maxQueuedRequestBytes, bytes), maxFrameLength);
  }

  public PeerSettings withMaxConcurrentReads(int reads) {
    return new PeerSettings(handshakeTimeout, pingInterval, idleTimeout, closeTimeout, maxBytesInFlight, reads,
        maxQueuedRequestBytes, maxFrameLength);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }
}
