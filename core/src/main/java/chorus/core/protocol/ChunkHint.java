package chorus.core.protocol;

import chorus.core.id.FolderId;
import chorus.core.model.RelativePath;
import java.util.Objects;

/**
 * Where a requester expects the chunk it asks for: the file, and the offset in it, of the record it plans
 * from (the peer announced that record, so it most likely holds the chunk right there). The serving side
 * checks its own record of that path first, one index read, instead of searching every file for the
 * hash; a hint that is wrong, or names a folder the requester may not read, is ignored, never trusted.
 *
 * @param folder the folder the record is in
 * @param path the record's path, as valid as any record path ({@link RelativePath})
 * @param offset where the chunk starts in that file
 */
public record ChunkHint(FolderId folder, String path, long offset) {
  public ChunkHint {
    Objects.requireNonNull(folder, "folder");
    RelativePath.requireValid(path);
    if (offset < 0) {
      throw new IllegalArgumentException("chunk offset must be >= 0, got " + offset);
    }
  }
}
