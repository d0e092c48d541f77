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

  RecordFactory(ShortId me, Clock clock) {
    this.me = Objects.requireNonNull(me, "device");
    this.clock = Objects.requireNonNull(clock, "clock");
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
      return new FileRecord(path, FileType.FILE, content.size(), st.mtimeNs(), st.permissions(), st.inode(),
          st.deviceNo(), ctime, false, nextVersion(old), 0, me, content.chunks(), content.contentHash(), null);
    };
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
