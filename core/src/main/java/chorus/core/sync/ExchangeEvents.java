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

  /** What we held of a peer's folder was forgotten (its index ID changed, or a full index began). */
  default void cleared(DeviceId peer, FolderId folder, String why) {}
}
