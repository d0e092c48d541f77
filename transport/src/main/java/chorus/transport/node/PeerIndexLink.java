package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.PeerLink;
import chorus.transport.peer.PeerConnection;
import java.time.Duration;

/**
 * A peer connection as the index exchange sees it. Two links are equal when they wrap one connection.
 *
 * <p>Flow control: at most {@link #MAX_UNWRITTEN} IndexUpdates (each at most one frame, 8 MiB) are handed
 * to Netty and not yet written to the socket; the next send waits on the exchange's thread until the
 * oldest is written. A first full index of a large archive thus streams at the peer's pace instead of
 * piling up in memory. A peer that takes nothing for {@link #WRITE_TIMEOUT} is disconnected.
 */
public final class PeerIndexLink implements PeerLink {
  static final int MAX_UNWRITTEN = 4;
  static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);

  private final PeerConnection connection;
  private final WriteWindow window = new WriteWindow(MAX_UNWRITTEN, WRITE_TIMEOUT);

  public PeerIndexLink(PeerConnection connection) {
    this.connection = connection;
  }

  @Override
  public DeviceId device() {
    return connection.device();
  }

  @Override
  public void send(IndexUpdate update) {
    if (connection.isClosing()) {
      return;
    }
    // FAILED: the connection closed; the exchange sees isClosed() and stops sending.
    if (window.send(() -> connection.sendTracked(update)) == WriteWindow.Outcome.TIMED_OUT) {
      connection.close("index exchange: the peer took no index update for " + WRITE_TIMEOUT.toSeconds() + " s");
    }
  }

  @Override
  public void close(String reason) {
    connection.close(reason);
  }

  @Override
  public boolean isClosed() {
    return connection.isClosing();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerIndexLink l && l.connection == connection;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(connection);
  }

  @Override
  public String toString() {
    return connection.describe();
  }
}
