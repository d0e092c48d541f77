package chorus.fsindex.store;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;

/**
 * The metadata head of a stored record, decoded without its version or chunks: all a no-change rescan
 * needs to decide that a file is unchanged.
 */
public record StoredStat(
    FileType type, boolean deleted, long size, long mtimeNs, int permissions, long inode, long deviceNo,
    long ctimeNs, long sequence) {

  /** The head of a whole record. */
  static StoredStat of(FileRecord r) {
    return new StoredStat(r.type(), r.deleted(), r.size(), r.mtimeNs(), r.permissions(), r.inode(), r.deviceNo(),
        r.ctimeNs(), r.sequence());
  }
}
