package chorus.fsindex.pull;

import chorus.core.feed.ChangeOrigin;
import chorus.core.model.FileRecord;

/**
 * A change the disk already holds, waiting to be recorded: {@code record} replaces {@code observed}
 * (null: no record) in the index, in a group commit made after the group's directories are synced.
 */
record Done(FileRecord record, FileRecord observed, ChangeOrigin origin, PullTask task) {}
