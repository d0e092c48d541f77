package chorus.dbbridge.testing;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import chorus.core.feed.FeedReader;
import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.Sha256;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.port.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A folder for the bridge's tests: real files in a directory, and an index and change feed in memory that
 * say what the sync engine's would (our own ports, faked). Each change writes the file, its record and its
 * feed entry together.
 */
public final class MemoryFolder implements FeedReader, LocalFiles {
  private final FolderId id;
  private final Path root;
  private final TreeMap<String, FileRecord> records = new TreeMap<>(); // guarded by this
  private final List<FeedEntry> feed = new ArrayList<>(); // guarded by this
  private final List<CompletableFuture<Long>> waiters = new ArrayList<>(); // guarded by this
  private long trimmedThrough; // guarded by this

  public MemoryFolder(FolderId id, Path root) {
    this.id = id;
    this.root = root;
  }

  public FolderId id() {
    return id;
  }

  public Path root() {
    return root;
  }

  /** Writes {@code path} with {@code content}: added or modified. */
  public synchronized FeedEntry write(String path, byte[] content, ChangeOrigin origin) {
    FileRecord old = records.get(path);
    writeFile(path, content);
    records.put(path, fileRecord(path, content));
    return append(path, old == null || old.deleted() ? FeedAction.ADDED : FeedAction.MODIFIED, null, origin, content.length);
  }

  /** Puts a file in the index without a feed entry: what was there before the bridge was configured. */
  public synchronized void seed(String path, byte[] content) {
    writeFile(path, content);
    records.put(path, fileRecord(path, content));
  }

  /** Puts a record in the index with no file on disk and no feed entry (for scale runs of link rules that read no bytes). */
  public synchronized void seedRecordOnly(String path, byte[] content) {
    records.put(path, fileRecord(path, content));
  }

  public synchronized FeedEntry delete(String path, ChangeOrigin origin) {
    FileRecord old = records.get(path);
    try {
      Files.deleteIfExists(root.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    records.put(path, tombstone(path));
    return append(path, FeedAction.DELETED, null, origin, old == null ? 0 : old.size());
  }

  public synchronized FeedEntry rename(String from, String to, ChangeOrigin origin) {
    FileRecord old = records.get(from);
    try {
      Files.createDirectories(root.resolve(to).getParent());
      Files.move(root.resolve(from), root.resolve(to));
      byte[] content = Files.readAllBytes(root.resolve(to));
      records.put(to, fileRecord(to, content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    records.put(from, tombstone(from));
    return append(to, FeedAction.RENAMED, from, origin, old.size());
  }

  /** Forgets every feed entry so far, as the feed's bounds would. */
  public synchronized void trimAll() {
    trimmedThrough = feed.size();
  }

  public synchronized long latest() {
    return feed.size();
  }

  private FeedEntry append(String path, FeedAction action, String from, ChangeOrigin origin, long size) {
    FileRecord r = records.get(path);
    FeedEntry e = new FeedEntry(feed.size() + 1, Instant.now(), id, path, action, from, origin, FileType.FILE,
        r.contentHash(), size);
    feed.add(e);
    waiters.forEach(w -> w.complete(e.seq()));
    waiters.clear();
    return e;
  }

  private void writeFile(String path, byte[] content) {
    try {
      Path p = root.resolve(path);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileRecord fileRecord(String path, byte[] content) {
    ChunkHash chunk = ChunkHash.wrapDigest(Sha256.of(content));
    ChunkHash whole = ChunkHash.wrapDigest(Sha256.of(chunk.toBytes()));
    List<ChunkRef> chunks = content.length == 0 ? List.of() : List.of(new ChunkRef(0, content.length, chunk));
    return new FileRecord(path, FileType.FILE, content.length, 1_700_000_000_000_000_000L, 0644, 1, 1, 1, false,
        VersionVector.EMPTY, 1, new ShortId(1), chunks, whole, null);
  }

  private static FileRecord tombstone(String path) {
    return new FileRecord(path, FileType.FILE, 0, 1_700_000_000_000_000_000L, 0644, 0, 0, 0, true,
        VersionVector.EMPTY, 1, new ShortId(1), List.of(), null, null);
  }

  @Override
  public synchronized FeedPage since(long after, int limit, FolderId folder) {
    long latest = feed.size();
    boolean missed = after < trimmedThrough || after > latest;
    long from = missed ? trimmedThrough : after;
    List<FeedEntry> out = new ArrayList<>();
    long next = from;
    for (int i = (int) from; i < feed.size() && out.size() < limit; i++) {
      FeedEntry e = feed.get(i);
      next = e.seq();
      if (folder == null || folder.equals(e.folder())) {
        out.add(e);
      }
    }
    return new FeedPage(out, trimmedThrough + 1, latest, missed, next);
  }

  @Override
  public synchronized CompletableFuture<Long> awaitAfter(long after) {
    if (feed.size() > after) {
      return CompletableFuture.completedFuture((long) feed.size());
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiters.add(f);
    return f;
  }

  @Override
  public Optional<Path> root(FolderId folder) {
    return id.equals(folder) ? Optional.of(root) : Optional.empty();
  }

  @Override
  public synchronized Optional<FileRecord> get(FolderId folder, String path) {
    return id.equals(folder) ? Optional.ofNullable(records.get(path)) : Optional.empty();
  }

  @Override
  public void forEach(FolderId folder, Predicate<FileRecord> visitor) {
    List<FileRecord> snapshot;
    synchronized (this) {
      snapshot = id.equals(folder) ? new ArrayList<>(records.values()) : List.of();
    }
    for (FileRecord r : snapshot) {
      if (!visitor.test(r)) {
        return;
      }
    }
  }
}
