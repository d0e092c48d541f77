package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Message;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.Rejection;

/**
 * What the node tells the rest of the daemon (the sync engine, later). Called on event loops: return
 * quickly, hand real work to an executor. Every method has a do-nothing default.
 */
public interface NodeListener {
  NodeListener NONE = new NodeListener() {};

  /** A connection finished its handshake; {@code theirs} is the peer's ClusterConfig. */
  default void connected(PeerConnection connection, ClusterConfig theirs) {}

  /** The connection to {@code device} that was in use closed. */
  default void disconnected(DeviceId device, String reason) {}

  /** A ClusterConfig update or an IndexUpdate from a connected peer. */
  default void received(PeerConnection connection, Message message) {}

  /**
   * {@code inviter} refused the invite secret we presented ({@code secret}, as our Hello carried it), for
   * good: {@code reason} is the inviter's, e.g. "this invite was already used". The node has stopped
   * dialling it until a new secret is offered ({@link NodeService#offerPairingSecret}).
   */
  default void inviteRefused(DeviceId inviter, String secret, String reason) {}

  /** A connection was turned away. */
  default void rejected(Rejection rejection) {}

  /** A peer sent a chunk that failed verification. */
  default void badChunk(PeerConnection connection, ChunkIntegrityException e) {}
}
