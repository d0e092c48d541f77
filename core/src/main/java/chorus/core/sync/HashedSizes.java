package chorus.core.sync;

/**
 * Sizes keyed by 64-bit hashes, in two primitive arrays (open addressing, linear probing, backward-shift
 * deletion): 16 bytes an entry at most load, instead of a map entry, a boxed value and the key's own
 * object. Used where many keys must be remembered cheaply and a rare false match only costs a figure or
 * a retry: what a peer lacks of a folder ({@link #pathKey}: every path during a first sync to an empty
 * peer), and which large contents a peer holds ({@link HeldContents}, sizes unused).
 *
 * <p>Key 0 marks a free slot, so a key of 0 is stored as 1: one more collision, of the same odds as any
 * other (about n² / 2⁶⁵ for n keys).
 */
final class HashedSizes {
  private static final int MIN_CAPACITY = 16;

  private long[] keys = new long[MIN_CAPACITY];
  private long[] sizes = new long[MIN_CAPACITY];
  private int count;
  private long total;

  /** Sets {@code key}'s size (adding the key if absent). */
  void put(long key, long size) {
    long k = nonZero(key);
    int i = find(k);
    if (keys[i] == k) {
      total += size - sizes[i];
      sizes[i] = size;
      return;
    }
    if ((count + 1) * 4 > keys.length * 3) {
      resize(keys.length * 2);
      i = find(k);
    }
    keys[i] = k;
    sizes[i] = size;
    count++;
    total += size;
  }

  boolean contains(long key) {
    long k = nonZero(key);
    return keys[find(k)] == k;
  }

  /** Removes {@code key}; true if it was there. */
  boolean remove(long key) {
    long k = nonZero(key);
    int i = find(k);
    if (keys[i] != k) {
      return false;
    }
    total -= sizes[i];
    count--;
    // Backward shift: move later entries of the probe run into the hole so lookups never stop early.
    int mask = keys.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        sizes[hole] = sizes[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    sizes[hole] = 0;
    if (keys.length > MIN_CAPACITY && count * 8 < keys.length) {
      resize(Math.max(MIN_CAPACITY, keys.length / 4)); // a drained table gives its arrays back
    }
    return true;
  }

  int size() {
    return count;
  }

  /** The sum of the sizes. */
  long total() {
    return total;
  }

  /** A 64-bit key for a path (FNV-1a over its characters, then a murmur finalizer to spread the bits). */
  static long pathKey(String path) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < path.length(); i++) {
      h ^= path.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  private static long nonZero(long key) {
    return key == 0 ? 1 : key;
  }

  private int find(long k) {
    int mask = keys.length - 1;
    int i = slot(k);
    while (keys[i] != 0 && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private int slot(long k) {
    return (int) (k ^ (k >>> 32)) & (keys.length - 1);
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    long[] oldSizes = sizes;
    keys = new long[capacity];
    sizes = new long[capacity];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int j = find(oldKeys[i]);
        keys[j] = oldKeys[i];
        sizes[j] = oldSizes[i];
      }
    }
  }
}
