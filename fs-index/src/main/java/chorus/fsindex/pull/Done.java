package chorus.fsindex.pull;

import chorus.core.feed.ChangeOrigin;
import chorus.core.model.FileRecord;

/**
 * A change waiting to be recorded: {@code record} replaces {@code observed} (null: no record) in the
 * index, in a group commit. A pulled file comes with its assembled {@code temp} file and no record yet:
 * the commit makes the group's temp files durable together, then renames each into place.
 */
record Done(FileRecord record, FileRecord observed, ChangeOrigin origin, PullTask task, java.nio.file.Path temp) {
  Done(FileRecord record, FileRecord observed, ChangeOrigin origin, PullTask task) {
    this(record, observed, origin, task, null);
  }
}
