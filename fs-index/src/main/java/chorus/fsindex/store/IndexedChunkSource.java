package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import chorus.core.port.ChunkSource;
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

/**
 * Serves chunks this device holds: looks the hash up in the index's {@code chunks} family and reads the
 * bytes from the file. The bytes go out only if they are provably the chunk: either the file's size, mtime
 * and inode still match its record before and after the read (so it is the file that was hashed), or the
 * SHA-256 of the bytes read equals the hash. Otherwise the answer is {@link Status#CHANGED} and the
 * listener hears which file changed, so a rescan can be scheduled. A file stays open across the chunks
 * served from it ({@link OpenChunkFiles}): the real-path check and the stat before opening are done once
 * per file, and each read is followed by one {@code lstat} compared with the one taken at the open.
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

  private final RocksIndex index;
  private final Map<FolderId, Path> roots;
  private final Access access;
  private final List<Path> neverServed;
  private final ChangeListener listener;
  private final OpenChunkFiles files;

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
    this.index = Objects.requireNonNull(index, "index");
    this.roots = Map.copyOf(roots);
    this.access = Objects.requireNonNull(access, "access");
    this.neverServed = List.copyOf(neverServed);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.files = new OpenChunkFiles(OPEN_FILES, IDLE_NANOS, System::nanoTime,
        CompletableFuture.delayedExecutor(IDLE_NANOS, TimeUnit.NANOSECONDS));
  }

  @Override
  public Status read(DeviceId requester, ChunkHash hash, int length, ByteBuffer target) throws IOException {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(hash, "hash");
    if (length <= 0 || length > ChunkRequest.MAX_CHUNK_LENGTH) {
      return Status.NOT_FOUND;
    }
    if (target.remaining() < length) {
      throw new IllegalArgumentException("target has " + target.remaining() + " bytes left, chunk needs " + length);
    }
    boolean changed = false;
    for (ChunkLocation where : index.locate(hash)) {
      if (where.length() != length || !roots.containsKey(where.folder())
          || !access.mayRead(requester, where.folder())) {
        continue;
      }
      Status s = readAt(where, hash, target);
      if (s == Status.OK) {
        return s;
      }
      changed |= s == Status.CHANGED;
    }
    return changed ? Status.CHANGED : Status.NOT_FOUND;
  }

  private Status readAt(ChunkLocation where, ChunkHash hash, ByteBuffer target) throws IOException {
    FolderIndex folder = index.findFolder(where.folder()).orElse(null);
    if (folder == null) {
      return Status.NOT_FOUND;
    }
    StoredStat record = folder.stat(where.path()).orElse(null);
    if (record == null || record.deleted() || record.type() != FileType.FILE) {
      return Status.NOT_FOUND; // the chunk entry went with a change committed meanwhile
    }
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
        if (before.kind() != FileStat.Kind.FILE || before.size() < end) {
          return changed(where);
        }
        h = files.add(file, FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), before);
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
          return changed(where);
        }
        // The bytes are right, but the file is not what was indexed: serve them and have it rescanned.
        listener.changed(where.folder(), where.path());
      }
    } catch (NoSuchFileException e) {
      if (h != null) {
        files.retire(h);
      }
      return changed(where);
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
