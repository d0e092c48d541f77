package chorus.core.protocol;

import chorus.core.id.ChunkHash;
import java.util.Objects;

/**
 * Asks for a chunk by its content hash. The id is the requester's, unique among its outstanding requests
 * on this connection.
 */
public record ChunkRequest(int requestId, ChunkHash hash, int length) implements Message {
  /** No chunk is longer; also bounds what a peer can make us read or allocate. */
  public static final int MAX_CHUNK_LENGTH = 4 * 1024 * 1024;

  public ChunkRequest {
    Objects.requireNonNull(hash, "hash");
    if (length <= 0 || length > MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("chunk length " + length + " is outside 1.." + MAX_CHUNK_LENGTH);
    }
  }
}
