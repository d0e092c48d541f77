package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.fsindex.chunk.ChunkerParams;
import chorus.fsindex.chunk.Chunking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
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
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final LongSupplier indexIds;
  private final boolean readOnly;
  private boolean closed; // guarded by lifecycle

  // guarded by this
  private final Map<FolderId, FolderIndex> folders = new HashMap<>();
  private final Map<Integer, FolderId> folderByKey = new HashMap<>();

  private RocksIndex(Path dir, RocksSetup setup, RocksDB db, List<ColumnFamilyHandle> handles, LongSupplier indexIds,
      boolean readOnly) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.setup = setup;
    this.db = db;
    this.handles = handles;
    this.files = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.FILES));
    this.sequence = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.SEQUENCE));
    this.chunks = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.CHUNKS));
    this.peers = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.PEERS));
    this.meta = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.META));
    this.indexIds = indexIds;
  }

  /** Opens (creating if needed) the index in {@code dir}, with default memory limits and random index IDs. */
  public static RocksIndex open(Path dir) {
    SecureRandom random = new SecureRandom();
    return open(dir, IndexOptions.DEFAULT, random::nextLong);
  }

  /**
   * Opens (creating if needed) the index in {@code dir}.
   *
   * @param indexIds where a new folder's random index ID comes from (zero is never used)
   */
  public static RocksIndex open(Path dir, IndexOptions options, LongSupplier indexIds) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("open", dir.toString(), "cannot create the directory: " + e, e);
    }
    return open(dir, options, indexIds, false);
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
    }, true);
  }

  private static RocksIndex open(Path dir, IndexOptions options, LongSupplier indexIds, boolean readOnly) {
    RocksSetup setup = new RocksSetup(options);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;
    try {
      db = readOnly
          ? RocksDB.openReadOnly(setup.dbOptions, dir.toString(), setup.descriptors, handles)
          : RocksDB.open(setup.dbOptions, dir.toString(), setup.descriptors, handles);
    } catch (RocksDBException e) {
      setup.close();
      throw new StorageException("open", dir.toString(), reason(e), e);
    }
    RocksIndex index = new RocksIndex(dir, setup, db, handles, indexIds, readOnly);
    try {
      index.checkSchema();
      index.loadFolders();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  public Path directory() {
    return dir;
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
    byte[] prefix = KeySchema.chunkPrefix(hash);
    List<ChunkLocation> out = new ArrayList<>(2);
    withIterator("locate chunk", KeySchema.CHUNKS, chunks, prefix, it -> {
      for (it.seek(prefix); it.isValid() && KeySchema.startsWith(it.key(), prefix); it.next()) {
        byte[] key = it.key();
        FolderId folder = folderNamed(KeySchema.folderOfChunk(key));
        if (folder == null) {
          continue;
        }
        ByteReader r = new ByteReader(it.value());
        try {
          long offset = r.varint();
          int length = r.varint(Integer.MAX_VALUE, "chunk length");
          out.add(new ChunkLocation(folder, KeySchema.pathOfChunk(key), offset, length));
        } catch (ByteReader.MalformedException e) {
          throw corrupt("locate chunk", KeySchema.CHUNKS, key, e);
        }
      }
      return null;
    });
    return out;
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

  /** Makes every committed change durable (the write-ahead log is written but not synced per change). */
  public void sync() {
    guarded("sync", null, null, () -> {
      db.flushWal(true);
      return null;
    });
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

  private static String describe(String family, byte[] key) {
    return family == null ? null : KeySchema.describe(family, key);
  }

  private static String reason(RocksDBException e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? (e.getStatus() == null ? "RocksDB error" : e.getStatus().getCodeString()) : m;
  }
}
