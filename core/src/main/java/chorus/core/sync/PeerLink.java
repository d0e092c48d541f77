package chorus.core.sync;

import chorus.core.id.DeviceId;
import chorus.core.protocol.IndexUpdate;

/** A connection to a peer as the index exchange sees it. */
public interface PeerLink {
  DeviceId device();

  /**
   * Sends an IndexUpdate. May wait (the exchange calls it on its own threads, never an event loop) while
   * earlier updates are still unwritten, so that a whole index is never queued in memory at once.
   */
  void send(IndexUpdate update);

  /** Closes the connection with a reason the peer is told. Links of one connection are equal. */
  void close(String reason);

  /** True once the connection is closing or closed: nothing more should be sent. */
  boolean isClosed();
}
