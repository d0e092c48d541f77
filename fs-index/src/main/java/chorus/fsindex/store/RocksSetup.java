package chorus.fsindex.store;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteBufferManager;

/**
 * The RocksDB options of the index, and the native objects behind them (closed with the index).
 *
 * <ul>
 *   <li>Memory: one LRU block cache for every column family, index and filter blocks inside it, and the
 *       memtables charged to it through a write buffer manager: bounded however big the index gets
 *       ({@link IndexOptions}). Each family's memtable is a quarter of the write buffer budget (at least
 *       2 MiB), two at most; the manager flushes when all of them together near the budget. It does not
 *       stall writes ({@code allowStall}): with it, a first scan's writer waited forever in
 *       {@code RocksDB.write} (RocksDB 10.10, one DB, seven families), so memtables filling while others
 *       flush may pass the budget by about one family's memtable (IndexMemoryBoundTest).
 *   <li>Size on disk: 16 KiB blocks; LZ4 in the upper levels, where data is rewritten soon, and ZSTD in the
 *       bottom level, where most data ends up. Records, the change log and peers' records compress well
 *       (similar paths, varints, repeated device IDs); chunk keys start with 32 random bytes and gain
 *       little, so they get LZ4 only. No bloom filters: rescans iterate by directory and chunk lookups
 *       are prefix seeks, so filters would cost a byte or more per key for nothing. The exception is
 *       {@code files}: every change looks up the path's current record first, and on a first scan that
 *       lookup misses; a bloom filter (10 bits, about 1.3 bytes per file) answers a miss without
 *       searching every level.
 *   <li>Small, short info logs: RocksDB's LOG files otherwise outgrow a small index.
 * </ul>
 */
final class RocksSetup implements AutoCloseable {
  static final List<String> FAMILIES = List.of("default",
      KeySchema.FILES, KeySchema.SEQUENCE, KeySchema.CHUNKS, KeySchema.PEERS, KeySchema.META, KeySchema.FEED);

  private final List<RocksObject> owned = new ArrayList<>();
  final DBOptions dbOptions;
  final LRUCache cache;
  final long cacheCapacity;
  final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();

  RocksSetup(IndexOptions options) {
    cacheCapacity = options.blockCacheBytes();
    cache = own(new LRUCache(cacheCapacity));
    WriteBufferManager writeBuffers = own(new WriteBufferManager(options.writeBufferBytes(), cache));
    dbOptions = own(new DBOptions())
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setWriteBufferManager(writeBuffers)
        .setMaxBackgroundJobs(2)
        .setBytesPerSync(1 << 20)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setMaxLogFileSize(1 << 20)
        .setKeepLogFileNum(2)
        .setMaxManifestFileSize(8 << 20);
    long perFamilyBuffer = Math.max(2 << 20, options.writeBufferBytes() / 4);
    for (String name : FAMILIES) {
      boolean chunks = name.equals(KeySchema.CHUNKS);
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setBlockSize(16 * 1024)
          .setCacheIndexAndFilterBlocks(true)
          .setPinL0FilterAndIndexBlocksInCache(true)
          .setFormatVersion(6);
      if (name.equals(KeySchema.FILES)) {
        table.setFilterPolicy(own(new BloomFilter(10, false)));
      }
      ColumnFamilyOptions cf = own(new ColumnFamilyOptions())
          .setTableFormatConfig(table)
          .setWriteBufferSize(perFamilyBuffer)
          .setMaxWriteBufferNumber(2)
          .setLevelCompactionDynamicLevelBytes(true)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setBottommostCompressionType(chunks ? CompressionType.LZ4_COMPRESSION : CompressionType.ZSTD_COMPRESSION);
      descriptors.add(new ColumnFamilyDescriptor(KeySchema.utf8(name), cf));
    }
  }

  private <T extends RocksObject> T own(T object) {
    owned.add(object);
    return object;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
