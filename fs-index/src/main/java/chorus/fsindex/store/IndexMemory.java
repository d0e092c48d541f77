package chorus.fsindex.store;

/**
 * What the index's native memory holds now, as RocksDB counts it.
 *
 * @param cacheCapacity the block cache's capacity ({@link IndexOptions#blockCacheBytes})
 * @param cacheUsage what the cache holds: data, index and filter blocks, and the memtables charged to it
 * @param cachePinned the part of that held by open iterators and pinned level-0 index blocks
 * @param memtables every column family's memtables, active and immutable
 * @param tableReaders the table readers' memory outside the cache
 */
public record IndexMemory(long cacheCapacity, long cacheUsage, long cachePinned, long memtables, long tableReaders) {}
