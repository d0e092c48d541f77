package chorus.fsindex.chunk;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import java.util.List;
import java.util.Objects;

/** What hashing a file's bytes produced: its chunks in order, its content hash, and how many bytes it read. */
public record HashedContent(List<ChunkRef> chunks, ChunkHash contentHash, long size) {
  public HashedContent {
    chunks = List.copyOf(chunks);
    Objects.requireNonNull(contentHash, "contentHash");
  }
}
