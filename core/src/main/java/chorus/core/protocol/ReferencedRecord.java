package chorus.core.protocol;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import chorus.core.model.VersionVector;
import java.util.List;
import java.util.Objects;

/**
 * A live file's record sent without its chunk list: the receiver already holds a file with this content
 * and takes the list from its own index. A rename or move, and a peer's announcement of a file it just
 * pulled from us, then cost a record header and two hashes instead of 35 bytes per chunk (about 9 KB for
 * a 30 MB file).
 *
 * <p>The sender uses one only for content the receiver announced itself. If the receiver no longer has it
 * (changed since), it cannot resolve the record; it stores nothing of the update and closes the
 * connection, and the sender's next session with it sends records in full (see the index exchange).
 *
 * @param firstChunk the hash of the file's first chunk: where the receiver's chunk index finds its copies
 * @param contentHash the file's content hash (over all its chunk hashes): which copy is the same content
 */
public record ReferencedRecord(String path, long size, long mtimeNs, int permissions, VersionVector version,
    long sequence, ShortId modifiedBy, ChunkHash firstChunk, ChunkHash contentHash) {
  public ReferencedRecord {
    RelativePath.requireValid(path);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(modifiedBy, "modifiedBy");
    Objects.requireNonNull(firstChunk, "firstChunk");
    Objects.requireNonNull(contentHash, "contentHash");
    if (size <= 0) {
      throw new IllegalArgumentException(path + ": a record by reference has content, size " + size);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException(path + ": sequence must be >= 0, got " + sequence);
    }
    if ((permissions & ~07777) != 0) {
      throw new IllegalArgumentException(path + ": permission bits out of range: " + Integer.toOctalString(permissions));
    }
  }

  /** {@code r} without its chunk list; {@code r} must be a live file with content, as peers see it. */
  public static ReferencedRecord of(FileRecord r) {
    if (r.deleted() || r.type() != FileType.FILE || r.chunks().isEmpty()) {
      throw new IllegalArgumentException(r.path() + ": only a live file with content goes by reference");
    }
    return new ReferencedRecord(r.path(), r.size(), r.mtimeNs(), r.permissions(), r.version(), r.sequence(),
        r.modifiedBy(), r.chunks().get(0).hash(), r.contentHash());
  }

  /**
   * The full record, with {@code chunks} taken from a local record whose content hash is {@link
   * #contentHash} (the caller matched it; the constructor checks that they tile {@link #size}).
   */
  public FileRecord resolve(List<ChunkRef> chunks) {
    if (chunks.isEmpty() || !chunks.get(0).hash().equals(firstChunk)) {
      throw new IllegalArgumentException(path + ": the chunk list does not start with " + firstChunk);
    }
    return new FileRecord(path, FileType.FILE, size, mtimeNs, permissions, 0, 0, 0, false, version, sequence,
        modifiedBy, chunks, contentHash, null);
  }
}
