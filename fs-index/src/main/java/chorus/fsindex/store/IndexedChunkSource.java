package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ChunkHint;
import chorus.core.protocol.ChunkRequest;
import chorus.fsindex.chunk.ContentHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves chunks this device holds: looks the hash up in the index's {@code chunks} family and reads the
 * bytes from the file. The bytes go out only if they are provably the chunk: either the file's size, mtime
 * and inode still match its record before and after the read (so it is the file that was hashed), or the
 * SHA-256 of the bytes read equals the hash. Otherwise the answer is {@link Status#CHANGED} and the
 * listener hears which file changed, so a rescan can be scheduled. A file stays open across the chunks
 * served from it ({@link OpenChunkFiles}): the real-path check and the stat before opening are done once
 * per file, and each read is followed by one {@code lstat} compared with the one taken at the open. The
 * record of a file with several chunks is kept after its first chunk was served ({@link ServedFiles}), so
 * its other chunks are found without a lookup in the index, as long as the open file still matches it.
 * A request's hint ({@link ChunkHint}) names the file and offset the requester expects: when this
 * device's record of that path has that chunk there, one record read replaces the search by hash.
 *
 * <p>Thread-safe; does blocking disk and index reads, so it must run off any event loop.
 */
public final class IndexedChunkSource implements ChunkSource {
  /** Told about a file that changed since it was indexed. */
  @FunctionalInterface
  public interface ChangeListener {
    ChangeListener NONE = (folder, path) -> { };

    void changed(FolderId folder, String path);
  }

  /** Which devices may read chunks of which folder (the config's sharing). */
  @FunctionalInterface
  public interface Access {
    boolean mayRead(DeviceId device, FolderId folder);
  }

  /** Files kept open between chunk reads: enough for the files a few peers pull at once. */
  private static final int OPEN_FILES = 32;
  /** An open file unused this long is closed (so a deleted file's space is not held). */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
  /**
   * Chunk references kept of recently served files: 16,384 is 2 GiB of 128 KiB chunks, the files a few
   * peers pull at once, in about 2 MiB of heap.
   */
  static final int SERVED_CHUNKS = 16_384;

  private final RocksIndex index;
  private final Map<FolderId, Path> roots;
  private final Access access;
  private final List<Path> neverServed;
  private final ChangeListener listener;
  private final OpenChunkFiles files;
  private final ServedFiles served;
  private final LongAdder indexSearches = new LongAdder();

  /**
   * @param roots the folder roots chunks may be served from; folders not listed are never read
   * @param access which device may read which of those folders; anything else answers
   *     {@link Status#NOT_FOUND}, as for a chunk we do not hold, so probing hashes learns nothing
   * @param neverServed real paths of directories no file is ever served from, whatever folder holds them
   *     (the device home, with the private key and the API key): checked against each file's real path,
   *     so no symlinked parent leads there either
   */
  public IndexedChunkSource(RocksIndex index, Map<FolderId, Path> roots, Access access, List<Path> neverServed,
      ChangeListener listener) {
    this(index, roots, access, neverServed, listener, SERVED_CHUNKS);
  }

  /** As above, keeping at most {@code servedChunks} chunk references of served files (0: none). */
  IndexedChunkSource(RocksIndex index, Map<FolderId, Path> roots, Access access, List<Path> neverServed,
      ChangeListener listener, int servedChunks) {
    this.index = Objects.requireNonNull(index, "index");
    this.roots = Map.copyOf(roots);
    this.access = Objects.requireNonNull(access, "access");
    this.neverServed = List.copyOf(neverServed);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.files = new OpenChunkFiles(OPEN_FILES, IDLE_NANOS, System::nanoTime,
        CompletableFuture.delayedExecutor(IDLE_NANOS, TimeUnit.NANOSECONDS));
    this.served = new ServedFiles(servedChunks);
  }

  @Override
  public Status read(DeviceId requester, ChunkHash hash, int length, ChunkHint hint, ByteBuffer target)
      throws IOException {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(hash, "hash");
    if (length <= 0 || length > ChunkRequest.MAX_CHUNK_LENGTH) {
      return Status.NOT_FOUND;
    }
    if (target.remaining() < length) {
      throw new IllegalArgumentException("target has " + target.remaining() + " bytes left, chunk needs " + length);
    }
    for (ServedFiles.Entry kept : served.holding(hash)) {
      ChunkRef ref = kept.chunk(hash);
      if (ref.length() != length || !readable(requester, kept.folder())) {
        continue;
      }
      if (readAt(kept.location(ref), kept.stat(), hash, target, true) == Status.OK) {
        return Status.OK;
      }
      served.forget(kept); // whatever it was, the index path below decides afresh
    }
    if (hint != null && readable(requester, hint.folder()) && readHinted(hint, hash, length, target) == Status.OK) {
      return Status.OK;
    }
    indexSearches.increment();
    boolean changed = false;
    for (ChunkLocation where : index.locate(hash)) {
      if (where.length() != length || !readable(requester, where.folder())) {
        continue;
      }
      Status s = readFromIndex(where, hash, target);
      if (s == Status.OK) {
        return s;
      }
      changed |= s == Status.CHANGED;
    }
    return changed ? Status.CHANGED : Status.NOT_FOUND;
  }

  /** Searches of the {@code chunks} family so far (reads neither a kept record nor a hint answered). */
  long indexSearches() {
    return indexSearches.sum();
  }

  /** Kept records of served files now, for tests. */
  int servedFiles() {
    return served.size();
  }

  /** Chunk references kept of served files now, for tests. */
  int servedChunks() {
    return served.chunks();
  }

  private boolean readable(DeviceId requester, FolderId folder) {
    return roots.containsKey(folder) && access.mayRead(requester, folder);
  }

  /**
   * Reads the chunk where the requester expects it, if this device's record of that path has exactly
   * that chunk at that offset: one index read instead of a search of the {@code chunks} family. Strict,
   * as for a kept record: any doubt answers {@link Status#NOT_FOUND} quietly, and the search decides.
   */
  private Status readHinted(ChunkHint hint, ChunkHash hash, int length, ByteBuffer target) throws IOException {
    FolderIndex folder = index.findFolder(hint.folder()).orElse(null);
    FileRecord record = folder == null ? null : folder.get(hint.path()).orElse(null);
    if (record == null || record.deleted() || record.type() != FileType.FILE) {
      return Status.NOT_FOUND;
    }
    ChunkRef ref = chunkAt(record.chunks(), hint.offset());
    if (ref == null || ref.length() != length || !ref.hash().equals(hash)) {
      return Status.NOT_FOUND;
    }
    ChunkLocation where = new ChunkLocation(hint.folder(), record.path(), ref.offset(), ref.length());
    Status s = readAt(where, StoredStat.of(record), hash, target, true);
    if (s == Status.OK && record.chunks().size() > 1) {
      served.keep(hint.folder(), record);
    }
    return s;
  }

  /** The chunk starting at {@code offset}, or null: the list is in offset order. */
  private static ChunkRef chunkAt(List<ChunkRef> chunks, long offset) {
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long at = chunks.get(mid).offset();
      if (at < offset) {
        lo = mid + 1;
      } else if (at > offset) {
        hi = mid - 1;
      } else {
        return chunks.get(mid);
      }
    }
    return null;
  }

  /** Reads a chunk the index places at {@code where}, checked against the file's record as it is now. */
  private Status readFromIndex(ChunkLocation where, ChunkHash hash, ByteBuffer target) throws IOException {
    FolderIndex folder = index.findFolder(where.folder()).orElse(null);
    if (folder == null) {
      return Status.NOT_FOUND;
    }
    StoredStat record = folder.stat(where.path()).orElse(null);
    if (record == null || record.deleted() || record.type() != FileType.FILE) {
      return Status.NOT_FOUND; // the chunk entry went with a change committed meanwhile
    }
    Status s = readAt(where, record, hash, target, false);
    if (s == Status.OK && record.size() > where.length() && !served.keeps(where.folder(), where.path())) {
      keep(folder, where.path(), record);
    }
    return s;
  }

  /** Keeps the file's record for its next chunks, if it is still the version just served from. */
  private void keep(FolderIndex folder, String path, StoredStat servedFrom) {
    FileRecord record = folder.get(path).orElse(null);
    if (record != null && record.sequence() == servedFrom.sequence() && !record.deleted()
        && record.type() == FileType.FILE) {
      served.keep(folder.id(), record);
    }
  }

  /**
   * Reads the chunk at {@code where} from the file {@code record} describes. With {@code strict} (a kept
   * record, not one fresh from the index) only a file that matches the record when it is opened (or was,
   * for an open handle) is read from; one that does not, or is gone, answers {@link Status#NOT_FOUND}
   * without a word to the listener, and the caller asks the index, which reports what it finds. A file
   * changed during the read is handled alike either way: its bytes are served only if they hash right.
   */
  private Status readAt(ChunkLocation where, StoredStat record, ChunkHash hash, ByteBuffer target, boolean strict)
      throws IOException {
    Path file = roots.get(where.folder()).resolve(where.path());
    ByteBuffer window = target.slice();
    window.limit(where.length());
    long end = where.offset() + where.length();
    OpenChunkFiles.Handle h = files.acquire(file);
    try {
      if (h == null) {
        if (isNeverServed(file)) {
          return Status.NOT_FOUND;
        }
        FileStat before = FileStat.lstat(file);
        if (strict && !before.matches(record)) {
          return Status.NOT_FOUND;
        }
        if (before.kind() != FileStat.Kind.FILE || before.size() < end) {
          return changed(where);
        }
        h = files.add(file, FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), before);
      } else if (strict && !h.opened().matches(record)) {
        return Status.NOT_FOUND;
      } else if (h.opened().size() < end) {
        files.retire(h);
        return changed(where);
      }
      while (window.hasRemaining()) {
        if (h.channel().read(window, where.offset() + window.position()) < 0) {
          files.retire(h);
          return changed(where);
        }
      }
      // The handle's stat was taken just before its file was opened; the path still showing exactly that
      // after the read means the bytes came from the file as it was then, as with a fresh open.
      FileStat after = FileStat.lstat(file);
      boolean unchanged = !after.contentMayDiffer(h.opened());
      if (!unchanged) {
        files.retire(h);
      }
      if (!unchanged || !h.opened().matches(record)) {
        window.flip();
        if (!sha256(window).equals(hash)) {
          return strict ? Status.NOT_FOUND : changed(where); // strict: the index path reports it
        }
        // The bytes are right, but the file is not what was indexed: serve them and have it rescanned.
        listener.changed(where.folder(), where.path());
      }
    } catch (NoSuchFileException e) {
      if (h != null) {
        files.retire(h);
      }
      return strict ? Status.NOT_FOUND : changed(where);
    } finally {
      if (h != null) {
        files.release(h);
      }
    }
    target.position(target.position() + where.length());
    return Status.OK;
  }

  private boolean isNeverServed(Path file) throws IOException {
    if (neverServed.isEmpty()) {
      return false;
    }
    Path real = file.toRealPath();
    for (Path p : neverServed) {
      if (real.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private Status changed(ChunkLocation where) {
    listener.changed(where.folder(), where.path());
    return Status.CHANGED;
  }

  private static ChunkHash sha256(ByteBuffer bytes) {
    MessageDigest sha = ContentHash.sha256();
    sha.update(bytes);
    return ChunkHash.wrapDigest(sha.digest());
  }
}
