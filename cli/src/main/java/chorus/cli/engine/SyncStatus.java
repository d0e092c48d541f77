package chorus.cli.engine;

import java.util.List;

/**
 * One folder's engine as {@code chorus status} shows it.
 *
 * @param needFiles files, symlinks and deletions still to apply (as users count them)
 * @param needDirectories directories still to make or remove
 * @param needBytes bytes of file content still to fetch or copy
 * @param failedCount paths whose last attempt failed (the first of them in {@code failed})
 * @param fetchedBytes chunk bytes fetched from peers since start
 * @param copiedBytes chunk bytes copied from files this device already had
 */
public record SyncStatus(FolderSync.State state, String stopReason, long needFiles, long needDirectories,
    long needBytes, int failedCount, List<Failed> failed, long fetchedBytes, long copiedBytes, long bytesPerSecond,
    java.util.Map<chorus.core.id.DeviceId, chorus.core.sync.NeedTracker.Counts> peersLack) {
  /** A path that could not be synced, and why. */
  public record Failed(String path, String reason, int attempts) {}
}
