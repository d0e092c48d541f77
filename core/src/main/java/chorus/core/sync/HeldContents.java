package chorus.core.sync;

import chorus.core.id.ChunkHash;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;

/**
 * The contents of large files one peer announced as its own, so their records can go to it by reference
 * ({@link chorus.core.protocol.ReferencedRecord}). Kept as the first 8 bytes of each content hash in an
 * open-addressing table: 16 bytes per file at most, and nothing at all for a folder of small files, which
 * are never sent by reference. A false match costs one reconnect and a resend in full, never a wrong file:
 * the receiver matches the whole content hash.
 */
final class HeldContents {
  /** Below this many chunks a reference saves too little to be worth a possible resend. */
  static final int MIN_CHUNKS = 8;

  private long[] slots = new long[16];
  private int count;
  private boolean hasZero;

  /** True if {@code r}'s chunk list is worth sending by reference at all. */
  static boolean eligible(FileRecord r) {
    return !r.deleted() && r.type() == FileType.FILE && r.chunks().size() >= MIN_CHUNKS;
  }

  /** Notes that the peer holds {@code r}'s content (if it is a large file). */
  void add(FileRecord r) {
    if (eligible(r)) {
      add(key(r.contentHash()));
    }
  }

  boolean contains(ChunkHash contentHash) {
    long k = key(contentHash);
    if (k == 0) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == k) {
        return true;
      }
      if (slots[i] == 0) {
        return false;
      }
    }
  }

  int size() {
    return count + (hasZero ? 1 : 0);
  }

  private void add(long k) {
    if (k == 0) {
      hasZero = true;
      return;
    }
    if ((count + 1) * 2 > slots.length) {
      long[] old = slots;
      slots = new long[old.length * 2];
      count = 0;
      for (long o : old) {
        if (o != 0) {
          insert(o);
        }
      }
    }
    insert(k);
  }

  private void insert(long k) {
    int mask = slots.length - 1;
    for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == k) {
        return;
      }
      if (slots[i] == 0) {
        slots[i] = k;
        count++;
        return;
      }
    }
  }

  private static long key(ChunkHash h) {
    return h.prefix64();
  }

  private static int mix(long k) {
    return (int) (k ^ (k >>> 32)); // the key is already a uniform hash
  }
}
