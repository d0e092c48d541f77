package chorus.core.sync;

import chorus.core.id.FolderId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the exchange knows of one connection: the index IDs the peer announced in its latest
 * ClusterConfig, and how far our index has been sent on this connection. Used on the peer's serial lane
 * only.
 */
final class PeerSession {
  private final PeerLink link;
  private final Map<FolderId, Long> announced = new HashMap<>();
  private final Map<FolderId, Long> sent = new HashMap<>();
  /** Per folder, the large contents the peer announced (learned on the first record worth a reference). */
  private final Map<FolderId, HeldContents> held = new HashMap<>();
  /** Folders whose records go to the peer in full on this connection (a reference of ours failed it). */
  private final Set<FolderId> inFull = new HashSet<>();

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
    held.keySet().retainAll(folders);
    inFull.retainAll(folders);
  }

  /** What the peer holds of {@code folder}, or null if not learned yet on this connection. */
  HeldContents held(FolderId folder) {
    return held.get(folder);
  }

  void held(FolderId folder, HeldContents contents) {
    held.put(folder, contents);
  }

  void sendInFull(FolderId folder) {
    inFull.add(folder);
  }

  boolean sendsInFull(FolderId folder) {
    return inFull.contains(folder);
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
