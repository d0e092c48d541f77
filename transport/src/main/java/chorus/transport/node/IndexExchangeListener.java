package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.core.sync.IndexExchange;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.Rejection;

/**
 * Hands the node's connection events and index messages to the {@link IndexExchange} (which queues them
 * per peer off the event loop), then to the next listener.
 */
public final class IndexExchangeListener implements NodeListener {
  private final IndexExchange exchange;
  private final NodeListener next;

  public IndexExchangeListener(IndexExchange exchange, NodeListener next) {
    this.exchange = exchange;
    this.next = next;
  }

  @Override
  public void connected(PeerConnection connection, ClusterConfig theirs) {
    exchange.connected(new PeerIndexLink(connection), theirs);
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
      exchange.indexUpdate(new PeerIndexLink(connection), u);
    } else if (message instanceof ClusterConfig c) {
      exchange.clusterConfig(new PeerIndexLink(connection), c);
    }
    next.received(connection, message);
  }

  @Override
  public void rejected(Rejection rejection) {
    next.rejected(rejection);
  }

  @Override
  public void badChunk(PeerConnection connection, ChunkIntegrityException e) {
    next.badChunk(connection, e);
  }
}
