package chorus.transport.peer;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;

/**
 * Decides whether a device that is not in the config may be admitted because its Hello presented the
 * one-time secret of an invite this device issued ({@code chorus invite}). An admitted device has been
 * added to the config (and the invite's folder shared with it) before this returns true. Called off the
 * event loop: it may touch the disk.
 */
@FunctionalInterface
public interface PairingGate {
  /** Admits nobody: the gate of a node with no invites outstanding. */
  PairingGate NONE = (device, deviceName, secret, remote) -> PairingOutcome.NOT_ADMITTED;

  /**
   * @return admitted if {@code secret} is a valid, unexpired, unused invite secret, which is now used up;
   *     refused (with the reason the peer is told) if the invite can never admit anyone again
   */
  PairingOutcome admit(DeviceId device, String deviceName, String secret, InetSocketAddress remote);
}
