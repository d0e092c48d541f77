package chorus.core.sync;

import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import java.util.List;
import java.util.Objects;

/**
 * What this device must do about one path so that it holds the cluster's version.
 *
 * @param action what to do
 * @param target the record to hold afterwards: the winning record with, when versions were concurrent,
 *     the merge of every concurrent version (so that it supersedes all of them); null for {@link Action#NONE}
 * @param keepLocalAsConflict true if this device's own version lost a conflict: before applying, it is kept
 *     as a {@code .sync-conflict-} copy, which then syncs like any new file
 * @param sources the peers that announced the target's data (for a file: its content, so where its chunks
 *     can be fetched), those that announced the target's own version first
 */
public record Resolution(Action action, FileRecord target, boolean keepLocalAsConflict, List<DeviceId> sources) {
  /** What to do. */
  public enum Action {
    /** This device holds the cluster's version, or wins its conflict: nothing to do. */
    NONE,
    /** Make the disk hold the target: pull a file, make a directory or symlink, or delete. */
    APPLY,
    /** The disk already holds the target's content: record its version, and set mtime and permissions. */
    ADOPT
  }

  public static final Resolution NONE = new Resolution(Action.NONE, null, false, List.of());

  public Resolution {
    Objects.requireNonNull(action, "action");
    sources = List.copyOf(sources);
    if ((action == Action.NONE) != (target == null)) {
      throw new IllegalArgumentException("a resolution has a target exactly when there is something to do");
    }
  }

  public boolean needed() {
    return action != Action.NONE;
  }
}
