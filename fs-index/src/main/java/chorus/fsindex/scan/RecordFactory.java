package chorus.fsindex.scan;

import chorus.fsindex.store.FileStat;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.HashedContent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns what the scan found into index changes: functions from the stored record (or null) to the new
 * one, or to null when the stored record already says the same. A local change gets the next version of
 * this device: {@code max(old + 1, now in seconds)}.
 */
final class RecordFactory {
  /**
   * A file whose ctime is this close before the moment it was hashed may change again within the same
   * timestamp tick (Linux file times advance in coarse ticks of a few milliseconds) without its stat
   * changing, and the change would never be seen (Git's "racily clean" entries). Its record then stores
   * ctime 0, which no stat matches, so the next scan reads it again. Whole-second timestamps (some file
   * systems) get a window of two seconds.
   */
  static final long RACY_WINDOW_NS = 100_000_000L;
  static final long RACY_WINDOW_COARSE_NS = 2_000_000_000L;
  /** A ctime this far after the clock is a clock that went back, not a racy file. */
  private static final long CLOCK_SLACK_NS = 1_000_000_000L;

  private final ShortId me;
  private final Clock clock;
  private final ScanOptions.GlobalView global;

  RecordFactory(ShortId me, Clock clock) {
    this(me, clock, ScanOptions.GlobalView.NONE);
  }

  RecordFactory(ShortId me, Clock clock, ScanOptions.GlobalView global) {
    this.me = Objects.requireNonNull(me, "device");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.global = Objects.requireNonNull(global, "global");
  }

  /**
   * A file as hashed. If what a peer sees of it is unchanged (same content, size, mtime and permissions),
   * the stored version is kept and only the local facts (inode, device number, ctime) are refreshed: a
   * {@code chown}, a new hard link or a rewrite with the same bytes moves the ctime but is no new version.
   * A permission change with the same content is a new version that keeps the chunks.
   */
  UnaryOperator<FileRecord> file(String path, FileStat st, HashedContent content) {
    long ctime = racy(st) ? 0 : st.ctimeNs(); // decided now, right after the hash
    return old -> {
      if (old != null && !old.deleted() && old.type() == FileType.FILE && old.size() == content.size()
          && old.mtimeNs() == st.mtimeNs() && old.permissions() == st.permissions()
          && old.contentHash().equals(content.contentHash())) {
        FileRecord refreshed = old.withLocalFacts(st.inode(), st.deviceNo(), ctime);
        return refreshed.equals(old) ? null : refreshed;
      }
      FileRecord adopted = adoptGlobal(path, old, st, content);
      if (adopted != null) {
        return adopted.withLocalFacts(st.inode(), st.deviceNo(), ctime);
      }
      return new FileRecord(path, FileType.FILE, content.size(), st.mtimeNs(), st.permissions(), st.inode(),
          st.deviceNo(), ctime, false, nextVersion(old), 0, me, content.chunks(), content.contentHash(), null);
    };
  }

  /**
   * The cluster's record of {@code path} if the file on disk is exactly it (content, size, mtime,
   * permissions) and taking its version loses nothing of ours (we had no record, or ours is older):
   * equal content merges instead of becoming a new version that the cluster would see as a conflict.
   */
  private FileRecord adoptGlobal(String path, FileRecord old, FileStat st, HashedContent content) {
    FileRecord g = global.global(path);
    if (g == null || g.deleted() || g.type() != FileType.FILE || g.size() != content.size()
        || g.mtimeNs() != st.mtimeNs() || g.permissions() != st.permissions()
        || !g.contentHash().equals(content.contentHash())) {
      return null;
    }
    if (old != null && g.version().compare(old.version()) != VersionVector.Ordering.GREATER) {
      return null;
    }
    return g;
  }

  /** True if a file with this stat may still change unseen: see {@link #RACY_WINDOW_NS}. */
  private boolean racy(FileStat st) {
    Instant now = clock.instant();
    long ctimeNs = st.ctimeNs();
    long age = (now.getEpochSecond() - Math.floorDiv(ctimeNs, 1_000_000_000L)) * 1_000_000_000L
        + now.getNano() - Math.floorMod(ctimeNs, 1_000_000_000L);
    // Both times on whole seconds: a file system that keeps no fractions (a tick-based one has a fraction
    // of 0 in one ctime out of a few hundred, but hardly ever in both times).
    boolean wholeSeconds = Math.floorMod(ctimeNs, 1_000_000_000L) == 0
        && Math.floorMod(st.mtimeNs(), 1_000_000_000L) == 0;
    long window = wholeSeconds ? RACY_WINDOW_COARSE_NS : RACY_WINDOW_NS;
    return age > -CLOCK_SLACK_NS && age < window;
  }

  /**
   * {@code change}, applied only if the path's record is still the one the walk compared the disk with
   * (the same sequence; -1 for none). The walk reads the index and the disk at one moment and the writer
   * applies the result later: if the sync engine committed a pulled file in between, the scan's view is
   * stale and must not win (it would turn the pulled file into a tombstone, or an old hash into a new
   * version). The engine's own write is then seen by the watcher and rescanned with the new record.
   */
  static UnaryOperator<FileRecord> ifStill(long observedSequence, UnaryOperator<FileRecord> change) {
    return old -> (old == null ? -1 : old.sequence()) == observedSequence ? change.apply(old) : null;
  }

  UnaryOperator<FileRecord> directory(String path, FileStat st) {
    return old -> {
      if (old != null && !old.deleted() && old.type() == FileType.DIRECTORY && old.permissions() == st.permissions()) {
        return null;
      }
      return new FileRecord(path, FileType.DIRECTORY, 0, st.mtimeNs(), st.permissions(), st.inode(), st.deviceNo(),
          0, false, nextVersion(old), 0, me, List.of(), null, null);
    };
  }

  UnaryOperator<FileRecord> symlink(String path, FileStat st, String target) {
    return old -> {
      FileRecord next = new FileRecord(path, FileType.SYMLINK, 0, st.mtimeNs(), st.permissions(), st.inode(),
          st.deviceNo(), 0, false, nextVersion(old), 0, me, List.of(), null, target);
      return same(old, next) ? null : next;
    };
  }

  UnaryOperator<FileRecord> tombstone() {
    return old -> old == null || old.deleted() ? null : old.toTombstone(me, clock.instant().getEpochSecond());
  }

  private VersionVector nextVersion(FileRecord old) {
    return (old == null ? VersionVector.EMPTY : old.version()).update(me, clock.instant().getEpochSecond());
  }

  /** A symlink equal in everything a scan observes (so a rescan that finds the same never bumps the version). */
  private static boolean same(FileRecord a, FileRecord b) {
    return a != null && !a.deleted() && a.type() == b.type() && a.mtimeNs() == b.mtimeNs()
        && a.permissions() == b.permissions() && a.inode() == b.inode() && a.deviceNo() == b.deviceNo()
        && Objects.equals(a.symlinkTarget(), b.symlinkTarget());
  }
}
