package chorus.core.sync;

/**
 * Paths with a size each, kept as a 64-bit hash of the path and the size in two primitive arrays (open
 * addressing, linear probing, backward-shift deletion): 16 bytes a path at most load, instead of a map
 * entry, a boxed size and the path's own string (about 120 bytes). Used for what a peer lacks of a
 * folder, which during a first sync of 100,000 files is every path. Two paths whose hashes collide count
 * once: an error of one file in a status figure, with odds of about n² / 2⁶⁵.
 */
final class PathSizes {
  private static final int MIN_CAPACITY = 16;

  private long[] keys = new long[MIN_CAPACITY];
  private long[] sizes = new long[MIN_CAPACITY];
  /** Key 0 marks a free slot; a path hashing to 0 is kept apart. */
  private boolean hasZero;
  private long zeroSize;
  private int count;
  private long total;

  /** Sets {@code path}'s size (adding the path if absent). */
  void put(String path, long size) {
    long k = hash(path);
    if (k == 0) {
      total += size - (hasZero ? zeroSize : 0);
      hasZero = true;
      zeroSize = size;
      return;
    }
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

  /** Removes {@code path}; true if it was there. */
  boolean remove(String path) {
    long k = hash(path);
    if (k == 0) {
      boolean was = hasZero;
      total -= hasZero ? zeroSize : 0;
      hasZero = false;
      zeroSize = 0;
      return was;
    }
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
      resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, count * 2)) * 2)); // a drained table shrinks
    }
    return true;
  }

  int size() {
    return count + (hasZero ? 1 : 0);
  }

  /** The sum of the sizes. */
  long total() {
    return total;
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

  /** A 64-bit hash of the path's characters (FNV-1a, then a murmur finalizer to spread the low bits). */
  static long hash(String path) {
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
}
