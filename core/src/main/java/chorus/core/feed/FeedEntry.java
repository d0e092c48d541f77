package chorus.core.feed;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the change feed: a change of one path, applied to or detected in this device's index.
 *
 * @param seq the feed's sequence number (1, 2, ... across all folders, in the order changes were written)
 * @param time when the change was written to the index
 * @param renamedFrom the path the file had before, for {@link FeedAction#RENAMED} only (null otherwise)
 * @param type what the path names now (for a deletion: what it named)
 * @param contentHash the file's content hash (for a deletion: what it held last, so a consumer can match a
 *     deletion with an addition elsewhere); null for a directory or a symlink
 * @param size the file's size in bytes (for a deletion: its last size; 0 for a directory or a symlink)
 */
public record FeedEntry(
    long seq,
    Instant time,
    FolderId folder,
    String path,
    FeedAction action,
    String renamedFrom,
    ChangeOrigin origin,
    FileType type,
    ChunkHash contentHash,
    long size) {

  public FeedEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("feed sequence must be >= 1, got " + seq);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(folder, "folder");
    RelativePath.requireValid(path);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(type, "type");
    if ((action == FeedAction.RENAMED) != (renamedFrom != null)) {
      throw new IllegalArgumentException(path + ": a renamed entry needs the path it came from, and only it has one");
    }
    if (renamedFrom != null) {
      RelativePath.requireValid(renamedFrom);
    }
    if (size < 0) {
      throw new IllegalArgumentException(path + ": size must be >= 0, got " + size);
    }
  }
}
