package chorus.fsindex.store;

import chorus.core.model.FileType;

/**
 * The metadata head of a stored record, decoded without its version or chunks: all a no-change rescan
 * needs to decide that a file is unchanged.
 */
public record StoredStat(
    FileType type, boolean deleted, long size, long mtimeNs, int permissions, long inode, long deviceNo,
    long ctimeNs, long sequence) {}
