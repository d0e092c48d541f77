package chorus.core.protocol;

import chorus.core.id.ChunkHash;
import java.util.Objects;

/**
 * Asks for a chunk by its content hash. The id is the requester's, unique among its outstanding requests
 * on this connection. The hint, when there is one, says where the requester expects the chunk; the
 * answer is the same with or without it, only cheaper to find when it is right.
 *
 * @param hint null, or where the chunk is expected ({@link ChunkHint})
 */
public record ChunkRequest(int requestId, ChunkHash hash, int length, ChunkHint hint) implements Message {
  /** No chunk is longer; also bounds what a peer can make us read or allocate. */
  public static final int MAX_CHUNK_LENGTH = 4 * 1024 * 1024;

  public ChunkRequest {
    Objects.requireNonNull(hash, "hash");
    if (length <= 0 || length > MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("chunk length " + length + " is outside 1.." + MAX_CHUNK_LENGTH);
    }
  }

  /** A request with no hint. */
  public ChunkRequest(int requestId, ChunkHash hash, int length) {
    this(requestId, hash, length, null);
  }
}
