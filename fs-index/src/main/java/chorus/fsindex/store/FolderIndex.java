package chorus.fsindex.store;

import chorus.core.feed.ChangeOrigin;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.sync.IndexMark;
import chorus.fsindex.chunk.ContentHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rocksdb.WriteBatch;

/**
 * One folder's part of the index: this device's records, its change log, where its chunks are, and what
 * peers announced.
 *
 * <p>Every local change goes through {@link #update} or {@link #commit}, which write it as one
 * {@code WriteBatch}: the record with the next sequence number, its entry in the change log, the removal
 * of its previous change-log entry, the chunk entries added and removed, and the folder's new
 * {@link FolderTotals}. A crash leaves either the old or the new state of the path, never a mix. Changes
 * are serialized per folder; reads run concurrently.
 *
 * <p>A change that alters only local facts (inode, device number, ctime; see
 * {@link FileRecord#sameExceptLocalFacts}) rewrites the record in place at its sequence: peers have
 * nothing new to see, so it takes no sequence number and no change-log entry.
 */
public final class FolderIndex {
  private final List<java.util.function.Consumer<List<Applied>>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final Logger LOG = LoggerFactory.getLogger(FolderIndex.class);
  private final RocksIndex index;
  private final FolderId id;
  private final int key;
  private final long indexId;
  private long lastSequence; // guarded by this
  private FolderTotals totals; // guarded by this

  FolderIndex(RocksIndex index, FolderId id, int key, long indexId) {
    this.index = index;
    this.id = id;
    this.key = key;
    this.indexId = indexId;
    this.lastSequence = readLastSequence();
    this.totals = readTotals();
  }

  public FolderId id() {
    return id;
  }

  /** The folder's number in keys. */
  int key() {
    return key;
  }

  RocksIndex rocks() {
    return index;
  }

  /** The random ID this device's index of the folder got when it was created. */
  public long indexId() {
    return indexId;
  }

  /** The highest sequence number given out so far (0 before the first change). */
  public synchronized long lastSequence() {
    return lastSequence;
  }

  /** What this device's records of the folder add up to now (kept in memory; costs no read). */
  public synchronized FolderTotals totals() {
    return totals;
  }

  // --- this device's records

  public Optional<FileRecord> get(String path) {
    byte[] k = KeySchema.file(key, path);
    byte[] v = index.get("get", KeySchema.FILES, index.files, k);
    return v == null ? Optional.empty() : Optional.of(decode("get", KeySchema.FILES, k, path, v));
  }

  public Optional<StoredStat> stat(String path) {
    byte[] k = KeySchema.file(key, path);
    byte[] v = index.get("stat", KeySchema.FILES, index.files, k);
    return v == null ? Optional.empty() : Optional.of(decodeStat("stat", k, v));
  }

  /**
   * The names directly inside {@code dir} ("" for the folder root) that the index holds, sorted as
   * {@link String#compareTo} sorts. A name with records below it but none of its own has a null stat.
   * Memory is proportional to this one directory, not to the tree below it.
   */
  public List<IndexChild> children(String dir) {
    byte[] prefix = KeySchema.filesUnder(key, dir);
    int skip = prefix.length;
    TreeMap<String, IndexChild> out = new TreeMap<>();
    index.withIterator("list children", KeySchema.FILES, index.files, prefix, it -> {
      it.seek(prefix);
      while (it.isValid() && KeySchema.startsWith(it.key(), prefix)) {
        byte[] k = it.key();
        int slash = KeySchema.indexOf(k, (byte) '/', skip);
        if (slash < 0) {
          String name = new String(k, skip, k.length - skip, StandardCharsets.UTF_8);
          StoredStat stat = decodeStat("list children", k, it.value());
          out.merge(name, new IndexChild(name, stat, false),
              (a, b) -> new IndexChild(name, stat, a.hasDescendants()));
          it.next();
        } else {
          String name = new String(k, skip, slash - skip, StandardCharsets.UTF_8);
          out.merge(name, new IndexChild(name, null, true),
              (a, b) -> new IndexChild(name, a.stat(), true));
          // Skip the whole subtree: '0' is the byte after '/'.
          byte[] next = Arrays.copyOf(k, slash + 1);
          next[slash] = (byte) ('/' + 1);
          it.seek(next);
        }
      }
      return null;
    });
    return new ArrayList<>(out.values());
  }

  /**
   * Visits records whose path starts with {@code pathPrefix} (a plain string prefix; "" for all) in key
   * order, until the visitor returns false.
   */
  public void forEach(String pathPrefix, Predicate<FileRecord> visitor) {
    byte[] start = KeySchema.file(key, pathPrefix);
    index.withIterator("iterate", KeySchema.FILES, index.files, start, it -> {
      for (it.seek(start); it.isValid() && KeySchema.startsWith(it.key(), start); it.next()) {
        byte[] k = it.key();
        if (!visitor.test(decode("iterate", KeySchema.FILES, k, KeySchema.pathOfFile(k), it.value()))) {
          break;
        }
      }
      return null;
    });
  }

  /** Like {@link #forEach} but decodes only the metadata, for walks that rarely need the rest. */
  public void forEachStat(String pathPrefix, BiPredicate<String, StoredStat> visitor) {
    byte[] start = KeySchema.file(key, pathPrefix);
    index.withIterator("iterate", KeySchema.FILES, index.files, start, it -> {
      for (it.seek(start); it.isValid() && KeySchema.startsWith(it.key(), start); it.next()) {
        byte[] k = it.key();
        if (!visitor.test(KeySchema.pathOfFile(k), decodeStat("iterate", k, it.value()))) {
          break;
        }
      }
      return null;
    });
  }

  /** Visits records changed after {@code sequence}, in sequence order, until the visitor returns false. */
  public void forEachSince(long sequence, Predicate<FileRecord> visitor) {
    byte[] prefix = KeySchema.folderPrefix(key);
    byte[] start = KeySchema.sequence(key, sequence + 1);
    index.withIterator("iterate changes", KeySchema.SEQUENCE, index.sequence, start, it -> {
      for (it.seek(start); it.isValid() && KeySchema.startsWith(it.key(), prefix); it.next()) {
        String path = new String(it.value(), StandardCharsets.UTF_8);
        Optional<FileRecord> r = get(path);
        if (r.isEmpty() || r.get().sequence() != KeySchema.seqOf(it.key())) {
          throw RocksIndex.corrupt("iterate changes", KeySchema.SEQUENCE, it.key(),
              new IllegalStateException("change log names " + path + " but its record is "
                  + r.map(x -> "at sequence " + x.sequence()).orElse("missing")));
        }
        if (!visitor.test(r.get())) {
          break;
        }
      }
      return null;
    });
  }

  /**
   * Applies a change to {@code path} atomically: {@code change} gets the current record (or null) and
   * returns the new one (its sequence is ignored) or null to leave the path alone. Returns the stored
   * record, with its new sequence (its old one if only local facts changed), or null if nothing changed.
   */
  public synchronized FileRecord update(String path, UnaryOperator<FileRecord> change) {
    return updateAll(List.of(new Change(path, change))).get(0).stored();
  }

  /**
   * Stores {@code record} as this device's record of its path, with the next sequence number (or its old
   * one if only local facts changed).
   */
  public synchronized FileRecord commit(FileRecord record) {
    return update(record.path(), old -> record);
  }

  /** True if {@code next} differs from the stored {@code old} only in local facts: it keeps its sequence. */
  private static boolean isLocalOnly(FileRecord old, FileRecord next) {
    return old != null && old.sequence() > 0 && old.sameExceptLocalFacts(next);
  }

  /**
   * One change of a group given to {@link #updateAll}: a function from the stored record (or null) to the
   * new one (or null to leave the path alone), and where the change came from (for the change feed).
   */
  public record Change(String path, UnaryOperator<FileRecord> change, ChangeOrigin origin) {
    public Change {
      java.util.Objects.requireNonNull(origin, "origin");
    }

    /** A local change (a scan). */
    public Change(String path, UnaryOperator<FileRecord> change) {
      this(path, change, ChangeOrigin.LOCAL);
    }
  }

  /**
   * What {@link #updateAll} did to one path: the record before, the one stored (null if unchanged), and
   * where the change came from (a scan, or a peer's version the puller applied).
   */
  public record Applied(String path, FileRecord before, FileRecord stored, ChangeOrigin origin) {
    /** True if only local facts changed (the record kept its sequence; peers see nothing new). */
    public boolean localOnly() {
      return stored != null && before != null && stored.sequence() == before.sequence();
    }
  }

  /**
   * Applies several changes in one write: each path's change is as atomic as with {@link #update} (they
   * all land or none does), and the group costs one write-ahead-log append instead of one per path. The
   * scanner's writer uses it to keep up with many small files. A path may appear more than once; each
   * change sees the result of the ones before it. The change feed's entries for the group
   * ({@link FeedDerivation}: one per visible change, a rename inside the group as one) are in the same write.
   */
  public synchronized List<Applied> updateAll(List<Change> changes) {
    List<Applied> out = new ArrayList<>(changes.size());
    Map<String, FileRecord> pending = new HashMap<>();
    long seq = lastSequence;
    FolderTotals after = totals;
    try (WriteBatch batch = new WriteBatch()) {
      for (Change c : changes) {
        FileRecord old = pending.containsKey(c.path()) ? pending.get(c.path()) : get(c.path()).orElse(null);
        FileRecord next = c.change().apply(old);
        if (next == null) {
          out.add(new Applied(c.path(), old, null, c.origin()));
          continue;
        }
        if (!next.path().equals(c.path())) {
          throw new IllegalArgumentException("update of " + c.path() + " returned a record for " + next.path());
        }
        checkContentHash(next);
        FileRecord stored = next.withSequence(isLocalOnly(old, next) ? old.sequence() : ++seq);
        RecordWrites.add(index, key, batch, old, stored);
        pending.put(c.path(), stored);
        out.add(new Applied(c.path(), old, stored, c.origin()));
      }
      if (!pending.isEmpty()) {
        after = advanceTotals(out);
        batch.put(index.meta, KeySchema.metaTotals(key), after.encode());
        index.feed().write(key, FeedDerivation.of(changes, out), batch, "commit", KeySchema.FILES,
            KeySchema.file(key, changes.get(0).path()));
      }
    } catch (RocksDBException e) {
      throw new StorageException("commit", KeySchema.describe(KeySchema.FILES, KeySchema.file(key, changes.get(0).path())),
          e.getMessage(), e);
    }
    lastSequence = seq;
    totals = after;
    if (!pending.isEmpty()) {
      for (java.util.function.Consumer<List<Applied>> l : listeners) {
        l.accept(out);
      }
    }
    return out;
  }

  /**
   * Tells {@code listener} every group of changes written, on the writing thread, under the folder's lock
   * (so it sees them in commit order): it must only note them and return. The sync engine re-decides the
   * paths a scan or a pull changed this way.
   */
  public void addListener(java.util.function.Consumer<List<Applied>> listener) {
    listeners.add(listener);
  }

  public void removeListener(java.util.function.Consumer<List<Applied>> listener) {
    listeners.remove(listener);
  }

  /** Makes the changes committed so far durable (they are in the write-ahead log, not yet synced). */
  public void sync() {
    index.sync();
  }

  // --- peers' records

  /**
   * Stores one record {@code device} announced, without touching its progress mark. Tests only: the
   * exchange stores through {@link #putPeers}, which keeps the mark from running ahead of the records.
   */
  void putPeer(DeviceId device, FileRecord record) {
    checkContentHash(record);
    byte[] k = KeySchema.peerFile(key, device, record.path());
    index.put("put peer record", KeySchema.PEERS, index.peers, k, FileRecordCodec.encode(record));
  }

  /**
   * Stores {@code records} as what {@code device} announced and {@code progress} as how far we hold it, in
   * one write: a crash leaves both or neither, so the progress never runs ahead of the records.
   *
   * @param replace forget everything {@code device} announced before, in the same write (a full index)
   * @throws IllegalArgumentException if a record's content hash is not that of its chunks (nothing is
   *     written, nothing forgotten)
   */
  public void putPeers(DeviceId device, List<FileRecord> records, IndexMark progress, boolean replace) {
    records.forEach(FolderIndex::checkContentHash);
    try (WriteBatch batch = new WriteBatch()) {
      if (replace) {
        byte[] prefix = KeySchema.peerFilesPrefix(key, device);
        batch.deleteRange(index.peers, prefix, KeySchema.upperBound(prefix));
      }
      for (FileRecord r : records) {
        batch.put(index.peers, KeySchema.peerFile(key, device, r.path()), FileRecordCodec.encode(r));
      }
      batch.put(index.meta, KeySchema.metaPeer(key, device),
          encodeMark(progress));
      index.write("put peer records", KeySchema.META, KeySchema.metaPeer(key, device), batch);
    } catch (RocksDBException e) {
      throw new StorageException("put peer records", KeySchema.describe(KeySchema.META, KeySchema.metaPeer(key, device)),
          e.getMessage(), e);
    }
  }

  public Optional<FileRecord> getPeer(DeviceId device, String path) {
    byte[] k = KeySchema.peerFile(key, device, path);
    byte[] v = index.get("get peer record", KeySchema.PEERS, index.peers, k);
    return v == null ? Optional.empty() : Optional.of(decode("get peer record", KeySchema.PEERS, k, path, v));
  }

  /** Visits what {@code device} announced, in path order, until the visitor returns false. */
  public void forEachPeer(DeviceId device, Predicate<FileRecord> visitor) {
    byte[] prefix = KeySchema.peerFilesPrefix(key, device);
    index.withIterator("iterate peer records", KeySchema.PEERS, index.peers, prefix, it -> {
      for (it.seek(prefix); it.isValid() && KeySchema.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        if (!visitor.test(decode("iterate peer records", KeySchema.PEERS, k, KeySchema.pathOfPeerFile(k), it.value()))) {
          break;
        }
      }
      return null;
    });
  }

  /** Forgets everything {@code device} announced for this folder and how far we got (its index was reset). */
  public void clearPeer(DeviceId device) {
    byte[] prefix = KeySchema.peerFilesPrefix(key, device);
    index.deleteRange("clear peer records", KeySchema.PEERS, index.peers, prefix, KeySchema.upperBound(prefix));
    byte[] m = KeySchema.metaPeer(key, device);
    index.deleteRange("clear peer progress", KeySchema.META, index.meta, m, KeySchema.upperBound(m));
  }

  public Optional<IndexMark> peerProgress(DeviceId device) {
    byte[] k = KeySchema.metaPeer(key, device);
    byte[] v = index.get("get peer progress", KeySchema.META, index.meta, k);
    if (v == null) {
      return Optional.empty();
    }
    if (v.length != 16 || KeySchema.getU64(v, 8) < 0) {
      throw RocksIndex.corrupt("get peer progress", KeySchema.META, k, new IllegalStateException("bad entry"));
    }
    return Optional.of(new IndexMark(KeySchema.getU64(v, 0), KeySchema.getU64(v, 8)));
  }

  /** Sets the progress mark alone. Tests only, like {@link #putPeer}. */
  void setPeerProgress(DeviceId device, IndexMark progress) {
    byte[] k = KeySchema.metaPeer(key, device);
    index.put("set peer progress", KeySchema.META, index.meta, k,
        encodeMark(progress));
  }

  // --- internals

  /** A peer's progress entry: u64 index ID · u64 sequence (read back by {@link #peerProgress}). */
  private static byte[] encodeMark(IndexMark progress) {
    return new ByteWriter(16).u64(progress.indexId()).u64(progress.sequence()).toBytes();
  }

  private long readLastSequence() {
    byte[] last = KeySchema.sequence(key, Long.MAX_VALUE);
    byte[] prefix = KeySchema.folderPrefix(key);
    return index.withIterator("open folder", KeySchema.SEQUENCE, index.sequence, last, it -> {
      it.seekForPrev(last);
      return it.isValid() && KeySchema.startsWith(it.key(), prefix) ? KeySchema.seqOf(it.key()) : 0L;
    });
  }

  /**
   * The stored totals, or if there are none (a folder without changes yet) or they cannot be read, the
   * totals counted over every record, stored for the next open.
   */
  private FolderTotals readTotals() {
    byte[] k = KeySchema.metaTotals(key);
    FolderTotals stored = FolderTotals.decode(index.get("open folder", KeySchema.META, index.meta, k));
    if (stored != null) {
      return stored;
    }
    FolderTotals counted = countTotals();
    if (!index.isReadOnly()) {
      index.put("open folder", KeySchema.META, index.meta, k, counted.encode());
    }
    return counted;
  }

  private FolderTotals countTotals() {
    FolderTotals[] counted = {FolderTotals.EMPTY};
    forEachStat("", (path, st) -> {
      counted[0] = counted[0].plus(st);
      return true;
    });
    return counted[0];
  }

  /**
   * The totals after {@code changes} (not yet written). Stored totals that decode but are wrong (a count
   * would go below zero) would otherwise fail every later change of the folder, so they are counted again
   * over the records as they are before these changes, and the changes applied to that.
   */
  private FolderTotals advanceTotals(List<Applied> changes) {
    try {
      return totals.after(changes);
    } catch (IllegalArgumentException e) {
      LOG.warn("folder {}: the stored totals {} do not match the records ({}); counting them again", id, totals,
          e.getMessage());
      return countTotals().after(changes);
    }
  }

  /** The path was validated when the record was made; the content hash may still be a lie. */
  private static void checkContentHash(FileRecord r) {
    if (r.contentHash() != null && !r.contentHash().equals(ContentHash.of(r.chunks()))) {
      throw new IllegalArgumentException(r.path() + ": content hash " + r.contentHash()
          + " is not the SHA-256 of its chunk hashes");
    }
  }

  private static FileRecord decode(String op, String family, byte[] k, String path, byte[] v) {
    try {
      return FileRecordCodec.decode(path, v);
    } catch (ByteReader.MalformedException e) {
      throw RocksIndex.corrupt(op, family, k, e);
    }
  }

  private static StoredStat decodeStat(String op, byte[] k, byte[] v) {
    try {
      return FileRecordCodec.decodeStat(v);
    } catch (ByteReader.MalformedException e) {
      throw RocksIndex.corrupt(op, KeySchema.FILES, k, e);
    }
  }
}
