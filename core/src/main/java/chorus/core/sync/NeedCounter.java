package chorus.core.sync;

import chorus.core.model.FileRecord;
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
 * <p>Memory is proportional to what is needed, not to the folder: only needed paths are kept.
 */
public final class NeedCounter {
  private final Function<String, Optional<FileRecord>> local;
  private final Map<String, FileRecord> needed = new HashMap<>();

  /** @param local this device's record of a path, if it has one */
  public NeedCounter(Function<String, Optional<FileRecord>> local) {
    this.local = local;
  }

  /** Considers one record a peer announced; returns true (a visitor that never stops). */
  public boolean offer(FileRecord theirs) {
    FileRecord known = needed.get(theirs.path());
    if (known != null) {
      if (theirs.version().compare(known.version()) == VersionVector.Ordering.GREATER) {
        if (needs(local.apply(theirs.path()).orElse(null), theirs)) {
          needed.put(theirs.path(), theirs);
        } else {
          needed.remove(theirs.path()); // the newest announcement is what we have
        }
      }
      return true;
    }
    if (needs(local.apply(theirs.path()).orElse(null), theirs)) {
      needed.put(theirs.path(), theirs);
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
    long bytes = 0;
    for (FileRecord r : needed.values()) {
      bytes += r.deleted() ? 0 : r.size();
    }
    return new Need(needed.size(), bytes);
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
