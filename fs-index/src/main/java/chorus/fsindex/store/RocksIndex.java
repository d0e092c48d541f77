package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.fsindex.chunk.ChunkerParams;
import chorus.fsindex.chunk.Chunking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The device's index: one RocksDB database with the column families of {@link KeySchema}, holding every
 * folder. Per-folder work goes through {@link FolderIndex}; this class owns the database's lifecycle, the
 * folder numbers and index IDs, and chunk lookups across folders.
 *
 * <p>Thread-safe. Every call holds a read lock on the lifecycle and {@link #close()} takes the write lock,
 * so closing waits for calls in flight and later calls fail with a {@link StorageException} instead of
 * touching freed native memory. {@code close()} is idempotent.
 */
public final class RocksIndex implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** A RocksDB call; its exception is translated once, by {@link #guarded}. */
  @FunctionalInterface
  interface Op<T> {
    T run() throws RocksDBException;
  }

  private final Path dir;
  private final RocksSetup setup;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  final ColumnFamilyHandle files;
  final ColumnFamilyHandle sequence;
  final ColumnFamilyHandle chunks;
  final ColumnFamilyHandle peers;
  final ColumnFamilyHandle meta;
  private final ChangeFeed feed;
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final LongSupplier indexIds;
  private final boolean readOnly;
  private boolean closed; // guarded by lifecycle

  // guarded by this
  private final Map<FolderId, FolderIndex> folders = new HashMap<>();
  private final Map<Integer, FolderId> folderByKey = new HashMap<>();

  private RocksIndex(Path dir, RocksSetup setup, RocksDB db, Map<String, ColumnFamilyHandle> byName,
      LongSupplier indexIds, boolean readOnly, FeedOptions feedOptions, Clock clock) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.setup = setup;
    this.db = db;
    this.handles = List.copyOf(byName.values());
    this.files = byName.get(KeySchema.FILES);
    this.sequence = byName.get(KeySchema.SEQUENCE);
    this.chunks = byName.get(KeySchema.CHUNKS);
    this.peers = byName.get(KeySchema.PEERS);
    this.meta = byName.get(KeySchema.META);
    this.indexIds = indexIds;
    this.feed = new ChangeFeed(this, byName.get(KeySchema.FEED), feedOptions, clock);
  }

  /**
   * Opens (creating if needed) the index in {@code dir}, with the memory limits the system properties set
   * ({@link IndexOptions#fromSystemProperties}) and random index IDs.
   */
  public static RocksIndex open(Path dir) {
    SecureRandom random = new SecureRandom();
    return open(dir, IndexOptions.fromSystemProperties(), random::nextLong);
  }

  /**
   * Opens (creating if needed) the index in {@code dir}.
   *
   * @param indexIds where a new folder's random index ID comes from (zero is never used)
   */
  public static RocksIndex open(Path dir, IndexOptions options, LongSupplier indexIds) {
    return open(dir, options, indexIds, FeedOptions.DEFAULT, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) the index in {@code dir}.
   *
   * @param indexIds where a new folder's random index ID comes from (zero is never used)
   * @param feed how much of the change feed to keep
   * @param clock the change feed's entries are stamped with its time
   */
  public static RocksIndex open(Path dir, IndexOptions options, LongSupplier indexIds, FeedOptions feed, Clock clock) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("open", dir.toString(), "cannot create the directory: " + e, e);
    }
    return open(dir, options, indexIds, false, feed, clock);
  }

  /**
   * Opens an existing index for reading only, e.g. to list it while a running node holds it open for
   * writing. Writes fail with a {@link StorageException}; folders without an index are not created.
   */
  public static RocksIndex openReadOnly(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new StorageException("open", dir.toString(), "no index here yet (run 'chorus scan' first)");
    }
    return open(dir, IndexOptions.DEFAULT, () -> {
      throw new StorageException("create folder", null, "the index is open read-only");
    }, true, FeedOptions.DEFAULT, Clock.systemUTC());
  }

  private static RocksIndex open(Path dir, IndexOptions options, LongSupplier indexIds, boolean readOnly,
      FeedOptions feedOptions, Clock clock) {
    RocksSetup setup = new RocksSetup(options);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    List<ColumnFamilyDescriptor> descriptors = setup.descriptors;
    RocksDB db;
    try {
      if (readOnly) {
        // A writer creates missing families (an index made before the feed existed gets one); a reader
        // cannot, so it opens the families there are and does without the rest.
        descriptors = existingFamilies(dir, setup);
      }
      db = readOnly
          ? RocksDB.openReadOnly(setup.dbOptions, dir.toString(), descriptors, handles)
          : RocksDB.open(setup.dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      setup.close();
      throw new StorageException("open", dir.toString(), reason(e), e);
    }
    Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
    for (int i = 0; i < descriptors.size(); i++) {
      byName.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
    }
    RocksIndex index;
    try {
      index = new RocksIndex(dir, setup, db, byName, indexIds, readOnly, feedOptions, clock);
    } catch (RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      setup.close();
      throw e;
    }
    try {
      index.checkSchema();
      index.loadFolders();
      index.feed.trim();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  public Path directory() {
    return dir;
  }

  /** What the index's native memory holds now (the block cache with the memtables charged to it, and more). */
  public IndexMemory memory() {
    return guarded("memory", null, null, () -> new IndexMemory(setup.cacheCapacity, setup.cache.getUsage(),
        setup.cache.getPinnedUsage(), db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"),
        db.getAggregatedLongProperty("rocksdb.estimate-table-readers-mem")));
  }

  /** The device's change feed: every change of every folder, in order ({@link ChangeFeed}). */
  public ChangeFeed feed() {
    return feed;
  }

  /** The folder's index, created (with a new folder number and a random index ID) if it has none yet. */
  public synchronized FolderIndex folder(FolderId id) {
    FolderIndex existing = folders.get(id);
    if (existing != null) {
      return existing;
    }
    if (readOnly) {
      throw new StorageException("create folder", describe(KeySchema.META, KeySchema.metaFolder(id)),
          "the index is open read-only and has no folder " + id);
    }
    int key = folderByKey.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    long indexId = 0;
    while (indexId == 0) {
      indexId = indexIds.getAsLong();
    }
    byte[] metaKey = KeySchema.metaFolder(id);
    byte[] value = new ByteWriter(12).u32(key).u64(indexId).toBytes();
    guarded("create folder", KeySchema.META, metaKey, () -> {
      db.put(meta, writeOptions, metaKey, value);
      return null;
    });
    return register(id, key, indexId);
  }

  /** The folder's index if it has one. */
  public synchronized Optional<FolderIndex> findFolder(FolderId id) {
    return Optional.ofNullable(folders.get(id));
  }

  public synchronized List<FolderId> folderIds() {
    return folders.keySet().stream().sorted().toList();
  }

  /** Every place in every folder where this device holds a chunk with {@code hash}. */
  public List<ChunkLocation> locate(ChunkHash hash) {
    return ChunkLookup.locate(this, hash);
  }

  /**
   * Which of {@code hashes} this device holds somewhere (in a folder it has), in one ordered pass over the
   * {@code chunks} family: far cheaper than a {@link #locate} per hash when most are missing, as in a
   * first sync, where every lookup would otherwise search every level for nothing.
   */
  public java.util.Set<ChunkHash> held(java.util.Collection<ChunkHash> hashes) {
    return ChunkLookup.held(this, hashes);
  }

  /** Compacts every column family, e.g. after a first scan, so the index takes its settled size on disk. */
  public void compact() {
    guarded("compact", null, null, () -> {
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, handles);
      }
      for (ColumnFamilyHandle h : handles) {
        db.compactRange(h);
      }
      return null;
    });
  }

  /**
   * Makes every committed change durable (the write-ahead log is written but not synced per change), and
   * lets the change feed's readers see the entries written so far.
   */
  public void sync() {
    long upTo = feed.writtenUpTo(); // entries written after this are not known to be in the synced log
    guarded("sync", null, null, () -> {
      db.flushWal(true);
      return null;
    });
    feed.publish(upTo);
  }

  /** Bytes the index directory takes on disk now. */
  public long sizeOnDisk() {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new StorageException("size", dir.toString(), e.toString(), e);
    }
  }

  /** Closes the database; waits for calls in flight; later calls fail. Idempotent. */
  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      db.close();
      writeOptions.close();
      setup.close();
    } finally {
      lock.unlock();
    }
  }

  // --- for FolderIndex

  <T> T guarded(String operation, String family, byte[] key, Op<T> op) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new StorageException(operation, describe(family, key), "the index is closed");
      }
      return op.run();
    } catch (RocksDBException e) {
      throw new StorageException(operation, describe(family, key), reason(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code body} with an iterator over {@code family}, closed afterwards; iterator errors are translated. */
  <T> T withIterator(String operation, String family, ColumnFamilyHandle handle, byte[] key,
      java.util.function.Function<RocksIterator, T> body) {
    return guarded(operation, family, key, () -> {
      try (RocksIterator it = db.newIterator(handle)) {
        T result = body.apply(it);
        it.status();
        return result;
      }
    });
  }

  byte[] get(String operation, String family, ColumnFamilyHandle handle, byte[] key) {
    return guarded(operation, family, key, () -> db.get(handle, key));
  }

  void write(String operation, String family, byte[] key, WriteBatch batch) {
    guarded(operation, family, key, () -> {
      db.write(writeOptions, batch);
      return null;
    });
  }

  void put(String operation, String family, ColumnFamilyHandle handle, byte[] key, byte[] value) {
    guarded(operation, family, key, () -> {
      db.put(handle, writeOptions, key, value);
      return null;
    });
  }

  void deleteRange(String operation, String family, ColumnFamilyHandle handle, byte[] from, byte[] to) {
    guarded(operation, family, from, () -> {
      db.deleteRange(handle, writeOptions, from, to);
      return null;
    });
  }

  boolean isReadOnly() {
    return readOnly;
  }

  synchronized FolderId folderNamed(int key) {
    return folderByKey.get(key);
  }

  /** The folder's number in keys, or null if the index has no such folder. */
  synchronized Integer folderKey(FolderId id) {
    FolderIndex f = folders.get(id);
    return f == null ? null : f.key();
  }

  static StorageException corrupt(String operation, String family, byte[] key, Exception e) {
    return new StorageException(operation, describe(family, key), "corrupt entry: " + e.getMessage(), e);
  }

  // --- internals

  private void checkSchema() {
    byte[] stored = get("open", KeySchema.META, meta, KeySchema.META_SCHEMA);
    byte[] chunking = Chunking.fingerprint(ChunkerParams.DEFAULT);
    if (stored == null && readOnly) {
      return;
    }
    if (stored == null) {
      put("open", KeySchema.META, meta, KeySchema.META_SCHEMA,
          new ByteWriter(4).u32(KeySchema.SCHEMA_VERSION).toBytes());
      put("open", KeySchema.META, meta, KeySchema.META_CHUNKING, chunking);
      return;
    }
    int version = stored.length == 4 ? KeySchema.getU32(stored, 0) : -1;
    if (version != KeySchema.SCHEMA_VERSION) {
      throw new StorageException("open", describe(KeySchema.META, KeySchema.META_SCHEMA),
          schemaMismatch(dir.toAbsolutePath(), "has schema version " + version, version));
    }
    // Chunks cut another way would stay in the index for every file whose stat never changes again.
    if (!Arrays.equals(chunking, get("open", KeySchema.META, meta, KeySchema.META_CHUNKING))) {
      throw new StorageException("open", describe(KeySchema.META, KeySchema.META_CHUNKING),
          schemaMismatch(dir.toAbsolutePath(), "was built by a chorus that cut files into chunks differently", -2));
    }
  }

  /** What to tell the user when the index was written in another layout: how to rebuild it. */
  static String schemaMismatch(Path dir, String problem, int version) {
    String what = version == -1 ? "has an unreadable schema version entry"
        : version > KeySchema.SCHEMA_VERSION ? "was written by a newer chorus (schema version " + version + ")"
        : problem;
    Path aside = dir.resolveSibling(dir.getFileName() + (version < 0 ? ".old" : ".v" + version));
    return "the index at " + dir + " " + what + "; this chorus reads version " + KeySchema.SCHEMA_VERSION
        + ". The index is rebuilt from the folders on disk: stop chorus, move the index directory away"
        + " (mv " + shellWord(dir) + " " + shellWord(aside) + ") and start chorus again; it rescans every folder"
        + " (peers then see a new index and send theirs again). Nothing in your folders is touched.";
  }

  private static String shellWord(Path p) {
    String s = p.toString();
    return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private synchronized void loadFolders() {
    byte[] prefix = KeySchema.META_FOLDER_PREFIX;
    List<Object[]> found = new ArrayList<>();
    withIterator("open", KeySchema.META, meta, prefix, it -> {
      for (it.seek(prefix); it.isValid() && KeySchema.startsWith(it.key(), prefix); it.next()) {
        byte[] value = it.value();
        if (value.length != 12) {
          throw corrupt("open", KeySchema.META, it.key(), new IllegalStateException(value.length + "-byte folder entry"));
        }
        found.add(new Object[] {KeySchema.folderOfMeta(it.key()), KeySchema.getU32(value, 0), KeySchema.getU64(value, 4)});
      }
      return null;
    });
    for (Object[] f : found) {
      register((FolderId) f[0], (Integer) f[1], (Long) f[2]);
    }
  }

  private synchronized FolderIndex register(FolderId id, int key, long indexId) {
    FolderIndex folder = new FolderIndex(this, id, key, indexId);
    folders.put(id, folder);
    folderByKey.put(key, id);
    return folder;
  }

  /** The descriptors of the families the index in {@code dir} has (all of them for a new directory). */
  private static List<ColumnFamilyDescriptor> existingFamilies(Path dir, RocksSetup setup) throws RocksDBException {
    List<byte[]> present;
    try (Options listing = new Options()) {
      present = RocksDB.listColumnFamilies(listing, dir.toString());
    }
    List<ColumnFamilyDescriptor> out = new ArrayList<>();
    for (ColumnFamilyDescriptor d : setup.descriptors) {
      if (present.isEmpty() || present.stream().anyMatch(p -> Arrays.equals(p, d.getName()))) {
        out.add(d);
      }
    }
    return out;
  }

  private static String describe(String family, byte[] key) {
    return family == null ? null : KeySchema.describe(family, key);
  }

  private static String reason(RocksDBException e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? (e.getStatus() == null ? "RocksDB error" : e.getStatus().getCodeString()) : m;
  }
}
