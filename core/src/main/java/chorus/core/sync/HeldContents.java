package chorus.core.sync;

import chorus.core.id.ChunkHash;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;

/**
 * The contents of large files one peer announced as its own, so their records can go to it by reference
 * ({@link chorus.core.protocol.ReferencedRecord}). Kept as the first 8 bytes of each content hash
 * ({@link HashedSizes}): 16 bytes per file at most, and nothing at all for a folder of small files, which
 * are never sent by reference. A false match costs one reconnect and a resend in full, never a wrong file:
 * the receiver matches the whole content hash.
 */
final class HeldContents {
  /** Below this many chunks a reference saves too little to be worth a possible resend. */
  static final int MIN_CHUNKS = 8;

  private final HashedSizes prefixes = new HashedSizes();

  /** True if {@code r}'s chunk list is worth sending by reference at all. */
  static boolean eligible(FileRecord r) {
    return !r.deleted() && r.type() == FileType.FILE && r.chunks().size() >= MIN_CHUNKS;
  }

  /** Notes that the peer holds {@code r}'s content (if it is a large file). */
  void add(FileRecord r) {
    if (eligible(r)) {
      prefixes.put(r.contentHash().prefix64(), 0);
    }
  }

  boolean contains(ChunkHash contentHash) {
    return prefixes.contains(contentHash.prefix64());
  }

  int size() {
    return prefixes.size();
  }
}
