package chorus.fsindex.scan;

import chorus.fsindex.store.FileStat;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.HashedContent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns what the scan found into index changes: functions from the stored record (or null) to the new
 * one, or to null when the stored record already says the same. A local change gets the next version of
 * this device: {@code max(old + 1, now in seconds)}.
 */
final class RecordFactory {
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
    return old -> {
      if (old != null && !old.deleted() && old.type() == FileType.FILE && old.size() == content.size()
          && old.mtimeNs() == st.mtimeNs() && old.permissions() == st.permissions()
          && old.contentHash().equals(content.contentHash())) {
        FileRecord refreshed = old.withLocalFacts(st.inode(), st.deviceNo(), st.ctimeNs());
        return refreshed.equals(old) ? null : refreshed;
      }
      return new FileRecord(path, FileType.FILE, content.size(), st.mtimeNs(), st.permissions(), st.inode(),
          st.deviceNo(), st.ctimeNs(), false, nextVersion(old), 0, me, content.chunks(), content.contentHash(), null);
    };
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
