package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.core.sync.IndexExchange;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.Rejection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the node's connection events and index messages to the {@link IndexExchange} (which queues them
 * per peer off the event loop), then to the next listener.
 *
 * <p>One {@link PeerIndexLink} per connection, made when it connects and dropped when it closes: the
 * link's write window is the connection's index flow control, so every message of a connection must
 * reach the exchange through that same link.
 */
public final class IndexExchangeListener implements NodeListener {
  private final IndexExchange exchange;
  private final NodeListener next;
  /** Keyed by connection identity (PeerConnection does not override equals). */
  private final Map<PeerConnection, PeerIndexLink> links = new ConcurrentHashMap<>();

  public IndexExchangeListener(IndexExchange exchange, NodeListener next) {
    this.exchange = exchange;
    this.next = next;
  }

  @Override
  public void connected(PeerConnection connection, ClusterConfig theirs) {
    PeerIndexLink link = new PeerIndexLink(connection);
    links.put(connection, link);
    connection.closeFuture().whenComplete((reason, e) -> links.remove(connection, link));
    exchange.connected(link, theirs);
    next.connected(connection, theirs);
  }

  @Override
  public void disconnected(DeviceId device, String reason) {
    exchange.disconnected(device);
    next.disconnected(device, reason);
  }

  @Override
  public void received(PeerConnection connection, Message message) {
    if (message instanceof IndexUpdate u) {
      exchange.indexUpdate(linkFor(connection), u);
    } else if (message instanceof ClusterConfig c) {
      exchange.clusterConfig(linkFor(connection), c);
    }
    next.received(connection, message);
  }

  /**
   * The link made when {@code connection} connected. A message that races the close finds none and gets
   * a link of its own: the exchange compares links by connection and sees it closed, so nothing is sent.
   */
  PeerIndexLink linkFor(PeerConnection connection) {
    PeerIndexLink link = links.get(connection);
    return link != null ? link : new PeerIndexLink(connection);
  }

  /** Links of connections not yet closed (for tests). */
  int openLinks() {
    return links.size();
  }

  @Override
  public void rejected(Rejection rejection) {
    next.rejected(rejection);
  }

  @Override
  public void inviteRefused(DeviceId inviter, String secret, String reason) {
    next.inviteRefused(inviter, secret, reason);
  }

  @Override
  public void badChunk(PeerConnection connection, ChunkIntegrityException e) {
    next.badChunk(connection, e);
  }
}
