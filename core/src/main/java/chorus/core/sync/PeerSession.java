package chorus.core.sync;

import chorus.core.id.FolderId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the exchange knows of one connection: the index IDs the peer announced in its latest
 * ClusterConfig, and how far our index has been sent on this connection. Used on the peer's serial lane
 * only.
 */
final class PeerSession {
  private final PeerLink link;
  private final Map<FolderId, Long> announced = new HashMap<>();
  private final Map<FolderId, Long> sent = new HashMap<>();

  PeerSession(PeerLink link) {
    this.link = link;
  }

  PeerLink link() {
    return link;
  }

  /** Forgets folders the peer no longer lists. */
  void keepOnly(Collection<FolderId> folders) {
    announced.keySet().retainAll(folders);
    sent.keySet().retainAll(folders);
  }

  void announce(FolderId folder, long indexId) {
    announced.put(folder, indexId);
  }

  Long announcedIndexId(FolderId folder) {
    return announced.get(folder);
  }

  boolean isSending(FolderId folder) {
    return sent.containsKey(folder);
  }

  long sentUpTo(FolderId folder) {
    return sent.getOrDefault(folder, 0L);
  }

  void sentUpTo(FolderId folder, long sequence) {
    sent.put(folder, sequence);
  }
}
