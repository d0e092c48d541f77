package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.PeerLink;
import chorus.transport.peer.PeerConnection;

/** A peer connection as the index exchange sees it. Two links are equal when they wrap one connection. */
public final class PeerIndexLink implements PeerLink {
  private final PeerConnection connection;

  public PeerIndexLink(PeerConnection connection) {
    this.connection = connection;
  }

  @Override
  public DeviceId device() {
    return connection.device();
  }

  @Override
  public void send(IndexUpdate update) {
    connection.send(update);
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
