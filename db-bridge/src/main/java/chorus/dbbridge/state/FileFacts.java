package chorus.dbbridge.state;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.ReservedNames;
import chorus.core.sync.ConflictName;
import java.time.Instant;

/**
 * What this host has at a path, as the per-host table records it.
 *
 * @param contentHash hex content hash
 * @param conflict true for a conflict copy (the loser of a concurrent edit)
 * @param md5 base64 MD5 of the bytes, or null when the link rule has no checksums
 */
public record FileFacts(String path, String contentHash, long size, Instant mtime, boolean conflict, String md5) {

  /** Whether the per-host table describes {@code path} at all: chorus's own files are not the archive's. */
  public static boolean archivePath(String path) {
    return ReservedNames.firstReservedSegment(path) == null;
  }

  /** Whether {@code r} is a file the per-host table records as here: live, regular, not one of chorus's. */
  public static boolean describes(FileRecord r) {
    return !r.deleted() && r.type() == FileType.FILE && archivePath(r.path());
  }

  /** The facts of a record {@link #describes} accepts. */
  public static FileFacts of(FileRecord r, String md5) {
    return new FileFacts(r.path(), r.contentHash() == null ? null : r.contentHash().toHex(), r.size(),
        Instant.ofEpochSecond(0, r.mtimeNs()), ConflictName.isConflictCopy(r.path()), md5);
  }
}
