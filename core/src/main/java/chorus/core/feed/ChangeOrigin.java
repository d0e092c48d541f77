package chorus.core.feed;

import chorus.core.id.DeviceId;

/**
 * Where an index change came from, for the change feed: this device (a scan, or a conflict copy it made)
 * or the peer whose record the sync engine applied.
 *
 * @param peer the device whose version was applied, or null for a local change
 * @param conflictCopy true if the change records a conflict copy (the loser of a concurrent edit, kept
 *     under a {@code .sync-conflict-} name)
 */
public record ChangeOrigin(DeviceId peer, boolean conflictCopy) {
  public static final ChangeOrigin LOCAL = new ChangeOrigin(null, false);
  public static final ChangeOrigin LOCAL_CONFLICT_COPY = new ChangeOrigin(null, true);

  public static ChangeOrigin fromPeer(DeviceId peer) {
    return new ChangeOrigin(java.util.Objects.requireNonNull(peer, "peer"), false);
  }

  public boolean isLocal() {
    return peer == null;
  }
}
