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
 * reach the exchange through that same link. Inbound, at most {@link #MAX_QUEUED_UPDATES} IndexUpdates
 * per connection wait to be stored; then the connection stops reading ({@link InboundBacklog}).
 */
public final class IndexExchangeListener implements NodeListener {
  /**
   * IndexUpdates of one connection handed to the exchange and not yet stored, at which we stop reading
   * from that peer; reading resumes at half of it. Each may be a full frame (8 MiB), so this bounds what a
   * fast peer can make us hold while storage is slow.
   */
  public static final int MAX_QUEUED_UPDATES = 4;

  private final IndexExchange exchange;
  private final NodeListener next;
  private final int maxQueued;
  /** Keyed by connection identity (PeerConnection does not override equals). */
  private final Map<PeerConnection, PeerIndexLink> links = new ConcurrentHashMap<>();
  private final Map<PeerConnection, InboundBacklog> backlogs = new ConcurrentHashMap<>();

  public IndexExchangeListener(IndexExchange exchange, NodeListener next) {
    this(exchange, next, MAX_QUEUED_UPDATES);
  }

  /** With another bound on queued IndexUpdates per connection (tests). */
  IndexExchangeListener(IndexExchange exchange, NodeListener next, int maxQueued) {
    if (maxQueued < 1) {
      throw new IllegalArgumentException("maxQueued must be >= 1, got " + maxQueued);
    }
    this.exchange = exchange;
    this.next = next;
    this.maxQueued = maxQueued;
  }

  @Override
  public void connected(PeerConnection connection, ClusterConfig theirs) {
    PeerIndexLink link = new PeerIndexLink(connection);
    links.put(connection, link);
    connection.closeFuture().whenComplete((reason, e) -> {
      links.remove(connection, link);
      backlogs.remove(connection);
    });
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
      InboundBacklog backlog = backlogs.computeIfAbsent(connection, c -> new InboundBacklog(c, maxQueued));
      backlog.queued();
      exchange.indexUpdate(linkFor(connection), u, backlog::done);
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

  /** The most IndexUpdates of {@code connection} ever queued at once (for tests). */
  int maxQueued(PeerConnection connection) {
    InboundBacklog b = backlogs.get(connection);
    return b == null ? 0 : b.max();
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
