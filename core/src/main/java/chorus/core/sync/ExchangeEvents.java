package chorus.core.sync;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.protocol.IndexUpdate;

/** What the index exchange did, for logs and tests. Called on the exchange's threads; return quickly. */
public interface ExchangeEvents {
  ExchangeEvents NONE = new ExchangeEvents() {};

  /** A peer broke the rules; its connection is being closed with {@code reason}. */
  default void violation(DeviceId peer, String reason) {}

  /** An IndexUpdate was handed to the peer's connection. */
  default void sent(DeviceId peer, IndexUpdate update) {}

  /** A peer's IndexUpdate was stored; {@code mark} is how far we now hold its index. */
  default void stored(DeviceId peer, FolderId folder, int records, IndexMark mark) {}

  /**
   * A record of a peer's IndexUpdate was refused on its own (it fails {@link PeerRecordCheck} or could not
   * be read as a record): it is not stored, the rest of the update is, and the connection stays.
   *
   * @param path the path as sent, escaped for printing
   */
  default void refused(DeviceId peer, FolderId folder, String path, String reason) {}

  /** What we held of a peer's folder was forgotten (its index ID changed, or a full index began). */
  default void cleared(DeviceId peer, FolderId folder, String why) {}
}
