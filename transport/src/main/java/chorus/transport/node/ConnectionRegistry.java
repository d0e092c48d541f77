package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.PeerVerifier;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one connection in use per device. A second connection to the same device (both dialled at once,
 * or a redial racing an accept) goes through {@link PeerVerifier#keepExisting}, so both ends keep the
 * same one; the loser is closed with the reason. Thread-safe: every event loop registers here.
 */
final class ConnectionRegistry {
  /** What {@link #register} decided. */
  record Outcome(Optional<Rejection> rejection, Optional<PeerConnection> replaced) {}

  private final PeerVerifier verifier;
  private final Map<DeviceId, PeerConnection> current = new HashMap<>(); // guarded by this

  ConnectionRegistry(PeerVerifier verifier) {
    this.verifier = verifier;
  }

  synchronized Outcome register(PeerConnection candidate) {
    DeviceId device = candidate.device();
    PeerConnection existing = current.get(device);
    if (existing == null || existing == candidate || existing.isClosing()) {
      current.put(device, candidate);
      return new Outcome(Optional.empty(), Optional.empty());
    }
    if (verifier.keepExisting(device, existing.dialledByUs(), candidate.dialledByUs())) {
      return new Outcome(Optional.of(new Rejection(device, candidate.remoteAddress(), RejectReason.DUPLICATE,
          "already connected; keeping the connection " + who(existing, device) + " dialled")), Optional.empty());
    }
    current.put(device, candidate);
    return new Outcome(Optional.empty(), Optional.of(existing));
  }

  /** Forgets {@code connection} if it is the one in use; true if it was. */
  synchronized boolean remove(PeerConnection connection) {
    DeviceId device = connection.device();
    if (device != null && current.get(device) == connection) {
      current.remove(device);
      return true;
    }
    return false;
  }

  synchronized Optional<PeerConnection> get(DeviceId device) {
    return Optional.ofNullable(current.get(device));
  }

  synchronized List<PeerConnection> all() {
    return new ArrayList<>(current.values());
  }

  private String who(PeerConnection c, DeviceId peer) {
    return c.dialledByUs() ? "we (" + verifier.self().toString().substring(0, 7) + ")"
        : "the peer (" + peer.toString().substring(0, 7) + ")";
  }
}
