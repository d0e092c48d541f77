package chorus.core.sync;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Counts what this device needs of a folder: the paths where some peer announced a newer version
 * (version vector GREATER than ours) whose content differs from ours, or that we lack. A newer deletion
 * counts as a file needed with 0 bytes; a deletion of a path we lack needs nothing. Where several peers
 * announce a path, the greatest of their newer versions is counted, once.
 *
 * <p>The greatest announcement ahead of ours is kept per path whether it is needed or not, so the count
 * does not depend on the order peers are read in (a newest announcement equal to what we have must
 * override an older one that differs). Memory is proportional to the paths where some peer is ahead of
 * this device, not to the folder.
 */
public final class NeedCounter {
  /** Our record of a path (null if none) and the greatest announcement ahead of it. */
  private record Ahead(FileRecord ours, FileRecord theirs) {}

  private final Function<String, Optional<FileRecord>> local;
  private final Map<String, Ahead> ahead = new HashMap<>();

  /** @param local this device's record of a path, if it has one */
  public NeedCounter(Function<String, Optional<FileRecord>> local) {
    this.local = local;
  }

  /** Considers one record a peer announced; returns true (a visitor that never stops). */
  public boolean offer(FileRecord theirs) {
    Ahead known = ahead.get(theirs.path());
    if (known != null) {
      if (theirs.version().compare(known.theirs().version()) == VersionVector.Ordering.GREATER) {
        ahead.put(theirs.path(), new Ahead(known.ours(), theirs));
      }
      return true;
    }
    FileRecord ours = local.apply(theirs.path()).orElse(null);
    if (ours == null || theirs.version().compare(ours.version()) == VersionVector.Ordering.GREATER) {
      ahead.put(theirs.path(), new Ahead(ours, theirs));
    }
    return true;
  }

  /** The need of {@code local} against every record in {@code announced} (from any number of peers). */
  public static Need count(Function<String, Optional<FileRecord>> local, Iterable<FileRecord> announced) {
    NeedCounter c = new NeedCounter(local);
    announced.forEach(c::offer);
    return c.result();
  }

  public Need result() {
    long files = 0;
    long bytes = 0;
    for (Ahead a : ahead.values()) {
      if (needs(a.ours(), a.theirs())) {
        files++;
        bytes = saturatedAdd(bytes, bytesOf(a.theirs()));
      }
    }
    return new Need(files, bytes);
  }

  /**
   * Only a live file's bytes are fetched. A directory or symlink announcing a size (stored before peers'
   * records were checked, or from a broken peer) must not count, nor make the sum overflow.
   */
  private static long bytesOf(FileRecord r) {
    return !r.deleted() && r.type() == FileType.FILE ? r.size() : 0;
  }

  /** {@code a + b} for non-negative values, stopping at Long.MAX_VALUE instead of wrapping negative. */
  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** True if {@code theirs} is something we need, given our record {@code ours} (null if we have none). */
  static boolean needs(FileRecord ours, FileRecord theirs) {
    if (ours == null) {
      return !theirs.deleted();
    }
    return theirs.version().compare(ours.version()) == VersionVector.Ordering.GREATER && !sameContent(ours, theirs);
  }

  /** Same kind, same deleted state, same bytes (content hash), same link target and permissions. */
  static boolean sameContent(FileRecord a, FileRecord b) {
    if (a.deleted() || b.deleted()) {
      return a.deleted() == b.deleted();
    }
    return a.type() == b.type() && a.permissions() == b.permissions()
        && Objects.equals(a.contentHash(), b.contentHash()) && Objects.equals(a.symlinkTarget(), b.symlinkTarget());
  }
}
