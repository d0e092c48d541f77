package chorus.fsindex.watch;

import java.util.Set;

/**
 * Where a {@link FolderWatcher} sends what it saw. Methods are called on the watcher's own thread and
 * must return quickly (hand the work to the scanner's executor): while a call blocks, no events are
 * read and the kernel queue may overflow, which only costs a wider rescan.
 */
public interface ChangeSink {
  /**
   * These paths (relative to the folder root, {@code /}-separated, spelled as on disk) changed and
   * have been quiet for the debounce interval. A path may be a file, a directory (new or changed;
   * re-examine it and, if new, what is below it) or gone (deleted or renamed away: it and anything
   * below it are gone). A rename arrives as the old path and the new path. The set is sorted and
   * unmodifiable.
   */
  void changed(Set<String> relativePaths);

  /**
   * Events were lost or cannot be seen (queue overflow, watch limit, periodic full rescan): rescan
   * this directory's whole subtree; {@code ""} is the whole folder.
   */
  void rescan(String relativeDirectory);

  /**
   * The folder's {@code .chorusignore} was created, changed or removed (it is never reported through
   * {@link #changed}). The owner reloads the patterns and hands them to
   * {@link FolderWatcher#updateFilter}. Does nothing by default.
   */
  default void ignoreFileChanged() {}
}
