package chorus.core.model;

import chorus.core.id.ChunkHash;
import java.util.Objects;

/** One content-defined chunk of a file: where it starts, how long it is, and the SHA-256 of its bytes. */
public record ChunkRef(long offset, int length, ChunkHash hash) {
  public ChunkRef {
    if (offset < 0) {
      throw new IllegalArgumentException("chunk offset must be >= 0, got " + offset);
    }
    if (length <= 0) {
      throw new IllegalArgumentException("chunk length must be > 0, got " + length);
    }
    Objects.requireNonNull(hash, "hash");
  }

  public long end() {
    return offset + length;
  }
}
