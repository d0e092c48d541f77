package chorus.cli.engine;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.fsindex.pull.SafeFolder;
import chorus.fsindex.store.FileStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the sync engine just wrote into a folder, so that the watcher's events for it do not come back as
 * local changes (a 100k-file pull would otherwise queue 100k rescans, which past 10,000 pending paths
 * become full rescans, again and again). An event is the engine's own when the path holds exactly what
 * the engine put there (kind, and a file's size and mtime, which the engine sets before the rename); a
 * user's change after it differs and is scanned as usual.
 *
 * <p>An entry is only worth its minute: the watcher reports within seconds. The engine calls {@link
 * #forgetExpired()} whenever it has nothing to do, so a daemon idle after a 100k-file pull does not keep
 * 100k entries (a map entry, the path and a five-field record each) until its next write.
 */
public final class OwnWrites {
  private static final long KEEP_NANOS = 60_000_000_000L;

  private record Expected(FileType type, boolean absent, long size, long mtimeNs, long at) {}

  private final SafeFolder folder;
  private final LongSupplier clock;
  /** Replaced, not cleared, once emptied after a large pull: a hash table never shrinks its array. */
  private volatile Map<String, Expected> recent = new ConcurrentHashMap<>();

  public OwnWrites(Path root) {
    this(root, System::nanoTime);
  }

  OwnWrites(Path root, LongSupplier nanoClock) {
    this.folder = new SafeFolder(root);
    this.clock = nanoClock;
  }

  /** The engine is making {@code path} hold {@code expected} (null: nothing). */
  public void wrote(String path, FileRecord expected) {
    long now = clock.getAsLong();
    recent.put(path, expected == null || expected.deleted()
        ? new Expected(null, true, 0, 0, now)
        : new Expected(expected.type(), false, expected.size(), expected.mtimeNs(), now));
    if (recent.size() > 200_000) {
      forgetOlderThan(now - KEEP_NANOS);
    }
  }

  /** True if the watcher's event for {@code path} only shows what the engine wrote. */
  public boolean isOwn(String path) {
    Expected e = recent.get(path);
    if (e == null) {
      return false;
    }
    if (clock.getAsLong() - e.at() > KEEP_NANOS) {
      recent.remove(path, e);
      return false;
    }
    FileStat st;
    try {
      st = folder.lstat(path);
    } catch (IOException | RuntimeException ex) {
      return false;
    }
    if (e.absent()) {
      return st == null;
    }
    if (st == null) {
      return false;
    }
    return switch (e.type()) {
      case FILE -> st.kind() == FileStat.Kind.FILE && st.size() == e.size() && st.mtimeNs() == e.mtimeNs();
      case DIRECTORY -> st.kind() == FileStat.Kind.DIRECTORY;
      case SYMLINK -> st.kind() == FileStat.Kind.SYMLINK;
    };
  }

  /** Drops the entries older than the minute they are kept; returns how many went. */
  public int forgetExpired() {
    return forgetOlderThan(clock.getAsLong() - KEEP_NANOS);
  }

  /** Entries held (for tests). */
  int size() {
    return recent.size();
  }

  private int forgetOlderThan(long nanos) {
    Map<String, Expected> map = recent;
    if (map.isEmpty()) {
      return 0;
    }
    int before = map.size();
    for (Iterator<Expected> it = map.values().iterator(); it.hasNext(); ) {
      if (it.next().at() - nanos < 0) {
        it.remove();
      }
    }
    if (map.isEmpty() && before > 1024) {
      // A write racing this swap may be lost: its event is then scanned, which is only slower.
      recent = new ConcurrentHashMap<>();
    }
    return before - map.size();
  }
}
