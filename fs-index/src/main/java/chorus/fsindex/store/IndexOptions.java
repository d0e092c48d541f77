package chorus.fsindex.store;

/**
 * The memory the index may use, whatever its size. RocksDB's memory is the block cache, the memtables,
 * the blocks pinned by open iterators and the table readers' own metadata. Here the cache holds index and
 * filter blocks too, and the memtables are charged to it through a write buffer manager, so
 * {@code blockCacheBytes} is the index's budget: memtables (at most {@code writeBufferBytes}) take their
 * share of it and data blocks get the rest. RocksDB may pass the capacity briefly by what open iterators
 * and pinned level-0 index blocks hold (a few blocks; the cache is not in strict mode, which would fail
 * reads instead).
 *
 * <p>Settings (system properties, e.g. {@code CHORUS_JAVA_OPTS="-Dchorus.index.cacheMiB=32"}):
 * {@value #CACHE_PROPERTY} (default 16) and {@value #WRITE_BUFFER_PROPERTY} (default 8, at most the cache).
 * A rescan of 100 000 indexed files reads about 12 MB of index: the default cache holds a folder of that
 * size, a bigger one is read from the OS page cache in blocks (see docs/BENCHMARKS.md, "Memory").
 *
 * @param blockCacheBytes the shared LRU block cache, memtables included
 * @param writeBufferBytes all memtables of all column families together, charged to the cache
 */
public record IndexOptions(long blockCacheBytes, long writeBufferBytes) {
  public static final String CACHE_PROPERTY = "chorus.index.cacheMiB";
  public static final String WRITE_BUFFER_PROPERTY = "chorus.index.writeBufferMiB";
  public static final IndexOptions DEFAULT = new IndexOptions(16L << 20, 8L << 20);

  public IndexOptions {
    if (blockCacheBytes < (4 << 20) || writeBufferBytes < (4 << 20)) {
      throw new IllegalArgumentException("the index needs at least 4 MiB of block cache and 4 MiB of write buffer, got "
          + mib(blockCacheBytes) + " and " + mib(writeBufferBytes));
    }
    if (writeBufferBytes > blockCacheBytes) {
      throw new IllegalArgumentException("the index's write buffers (" + mib(writeBufferBytes)
          + ") are charged to its block cache and cannot be larger than it (" + mib(blockCacheBytes) + ")");
    }
  }

  /**
   * The defaults, with what the system properties {@value #CACHE_PROPERTY} and {@value #WRITE_BUFFER_PROPERTY}
   * say instead (whole MiB). A bad value is an error naming the property, never silently the default.
   */
  public static IndexOptions fromSystemProperties() {
    long cache = mibProperty(CACHE_PROPERTY, DEFAULT.blockCacheBytes());
    long buffers = mibProperty(WRITE_BUFFER_PROPERTY, Math.min(DEFAULT.writeBufferBytes(), cache));
    try {
      return new IndexOptions(cache, buffers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + CACHE_PROPERTY + " / -D" + WRITE_BUFFER_PROPERTY + ": " + e.getMessage(), e);
    }
  }

  private static long mibProperty(String name, long fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n > 0 && n <= (1L << 20)) {
        return n << 20;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + name + "=" + value + " is not a whole number of MiB between 1 and 1048576");
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
