package chorus.core.model;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import java.util.List;
import java.util.Objects;

/**
 * What one device knows of one path: metadata, version, and content as a list of chunks.
 *
 * <p>{@code inode}, {@code deviceNo} and {@code ctimeNs} are local facts (together with size and mtime they
 * prove a file unchanged since it was hashed) and are never sent to peers; a record received from a peer
 * carries zeros there. A deleted record (a
 * tombstone) keeps its path, version and sequence and has no chunks. {@code contentHash} is the SHA-256
 * over the chunk hashes for a file and null for anything else or a tombstone. {@code symlinkTarget} is
 * set for symlinks only.
 *
 * @param path relative, {@code /}-separated, NFC (see {@link RelativePath})
 * @param mtimeNs modification time in nanoseconds since the Unix epoch
 * @param permissions the POSIX permission bits (e.g. 0644)
 * @param ctimeNs the inode change time of a file when it was hashed, in nanoseconds since the Unix epoch
 *     (it moves on any write or metadata change, even when the mtime is restored); 0 for anything else
 * @param sequence this device's change sequence number for the record's folder; 0 until indexed
 * @param modifiedBy the device that made this version
 */
public record FileRecord(
    String path,
    FileType type,
    long size,
    long mtimeNs,
    int permissions,
    long inode,
    long deviceNo,
    long ctimeNs,
    boolean deleted,
    VersionVector version,
    long sequence,
    ShortId modifiedBy,
    List<ChunkRef> chunks,
    ChunkHash contentHash,
    String symlinkTarget) {

  public FileRecord {
    RelativePath.requireValid(path);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(modifiedBy, "modifiedBy");
    chunks = List.copyOf(chunks);
    if (size < 0) {
      throw new IllegalArgumentException(path + ": size must be >= 0, got " + size);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException(path + ": sequence must be >= 0, got " + sequence);
    }
    if ((permissions & ~07777) != 0) {
      throw new IllegalArgumentException(path + ": permission bits out of range: " + Integer.toOctalString(permissions));
    }
    if (deleted || type != FileType.FILE) {
      if (!chunks.isEmpty()) {
        throw new IllegalArgumentException(path + ": only a live file has chunks");
      }
      if (contentHash != null) {
        throw new IllegalArgumentException(path + ": only a live file has a content hash");
      }
    } else {
      Objects.requireNonNull(contentHash, path + ": a live file needs a content hash");
      long expected = 0;
      for (ChunkRef c : chunks) {
        if (c.offset() != expected) {
          throw new IllegalArgumentException(
              path + ": chunks must tile the file; chunk at " + c.offset() + " where " + expected + " was expected");
        }
        expected = c.end();
      }
      if (expected != size) {
        throw new IllegalArgumentException(path + ": chunks cover " + expected + " bytes of a " + size + "-byte file");
      }
    }
    if (ctimeNs != 0 && (deleted || type != FileType.FILE)) {
      throw new IllegalArgumentException(path + ": only a live file has a ctime");
    }
    if (type == FileType.SYMLINK && !deleted) {
      Objects.requireNonNull(symlinkTarget, path + ": a symlink needs a target");
    } else if (symlinkTarget != null) {
      throw new IllegalArgumentException(path + ": only a symlink has a target");
    }
  }

  /** The same record with another sequence number. */
  public FileRecord withSequence(long newSequence) {
    return new FileRecord(path, type, size, mtimeNs, permissions, inode, deviceNo, ctimeNs, deleted, version,
        newSequence, modifiedBy, chunks, contentHash, symlinkTarget);
  }

  /** The same record with other local facts (inode, device number, ctime). */
  public FileRecord withLocalFacts(long newInode, long newDeviceNo, long newCtimeNs) {
    return new FileRecord(path, type, size, mtimeNs, permissions, newInode, newDeviceNo, newCtimeNs, deleted,
        version, sequence, modifiedBy, chunks, contentHash, symlinkTarget);
  }

  /** The record as it goes to a peer: local-only facts (inode, device number, ctime) zeroed. */
  public FileRecord forPeer() {
    if (inode == 0 && deviceNo == 0 && ctimeNs == 0) {
      return this;
    }
    return withLocalFacts(0, 0, 0);
  }

  /**
   * True if {@code other} differs from this record at most in its local facts (inode, device number,
   * ctime) and its sequence: what a peer would see of the two is the same.
   */
  public boolean sameExceptLocalFacts(FileRecord other) {
    return path.equals(other.path) && type == other.type && size == other.size && mtimeNs == other.mtimeNs
        && permissions == other.permissions && deleted == other.deleted && version.equals(other.version)
        && modifiedBy.equals(other.modifiedBy) && chunks.equals(other.chunks)
        && Objects.equals(contentHash, other.contentHash) && Objects.equals(symlinkTarget, other.symlinkTarget);
  }

  /** A tombstone for this path, made by {@code device} at {@code nowSeconds}. */
  public FileRecord toTombstone(ShortId device, long nowSeconds) {
    return new FileRecord(path, type, 0, mtimeNs, permissions, 0, 0, 0, true, version.update(device, nowSeconds),
        sequence, device, List.of(), null, null);
  }
}
