package chorus.core.port;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ChunkHint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where this device reads chunks it holds, by content hash, to serve them to peers. Implemented over
 * the index and the folder on disk; used by the transport's chunk server off the event loop.
 */
public interface ChunkSource {
  /** The outcome of a read. */
  enum Status {
    /** The bytes were written to the target and verified (hash, or file unchanged since hashed). */
    OK,
    /** This device holds no chunk with that hash (and length). */
    NOT_FOUND,
    /** The index said we hold it but the file changed; the bytes were not served and a rescan is due. */
    CHANGED
  }

  /**
   * Reads the chunk into {@code target}'s remaining space (which must be at least {@code length}) and
   * advances its position by {@code length} on {@link Status#OK}. On any other status the target's
   * content is undefined and its position unchanged.
   *
   * @param requester the device asking: only chunks of folders shared with it may be served, and a chunk
   *     it may not read is {@link Status#NOT_FOUND}, exactly like one we do not hold, so that asking for
   *     hashes tells a peer nothing about folders it does not share
   * @param hint null, or where the requester expects the chunk: looked at first, never trusted (the
   *     answer is what it would be without it)
   */
  Status read(DeviceId requester, ChunkHash hash, int length, ChunkHint hint, ByteBuffer target) throws IOException;

  /** A read with no hint. */
  default Status read(DeviceId requester, ChunkHash hash, int length, ByteBuffer target) throws IOException {
    return read(requester, hash, length, null, target);
  }
}
