package chorus.fsindex.store;

/**
 * The memory the index may use. RocksDB's memory is mostly the block cache plus the memtables; both are
 * bounded here and the memtables are charged to the cache, so {@code blockCacheBytes + writeBufferBytes}
 * is a fair ceiling for the index's native memory, however large the index grows.
 *
 * @param blockCacheBytes the shared LRU block cache (also holds index and filter blocks)
 * @param writeBufferBytes all memtables of all column families together
 */
public record IndexOptions(long blockCacheBytes, long writeBufferBytes) {
  public static final IndexOptions DEFAULT = new IndexOptions(32L << 20, 32L << 20);

  public IndexOptions {
    if (blockCacheBytes < (1 << 20) || writeBufferBytes < (4 << 20)) {
      throw new IllegalArgumentException("index needs at least 1 MiB of block cache and 4 MiB of write buffer, got "
          + blockCacheBytes + " and " + writeBufferBytes);
    }
  }
}
