package chorus.transport.wire;

import chorus.core.protocol.ChunkRequest;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * An OK chunk response whose bytes are already in a buffer (read from disk into a pooled or direct
 * buffer): the {@link MessageEncoder} sends it without copying the data. On the wire it is exactly a
 * {@code ChunkResponse(requestId, OK, data)}.
 *
 * <p>It owns {@code data} from construction on, even if the constructor throws (then it releases it):
 * write it and forget it. Its reference count is the buffer's, so the pipeline releases it like a
 * buffer.
 *
 * @param data the chunk's readable bytes, 1..{@link ChunkRequest#MAX_CHUNK_LENGTH} of them
 */
public record OutboundChunk(int requestId, ByteBuf data) implements ReferenceCounted {
  public OutboundChunk {
    Objects.requireNonNull(data, "data");
    int length = data.readableBytes();
    if (length < 1 || length > ChunkRequest.MAX_CHUNK_LENGTH) {
      data.release();
      throw new IllegalArgumentException(
          "chunk data of " + length + " bytes is outside 1.." + ChunkRequest.MAX_CHUNK_LENGTH);
    }
  }

  @Override
  public int refCnt() {
    return data.refCnt();
  }

  @Override
  public OutboundChunk retain() {
    data.retain();
    return this;
  }

  @Override
  public OutboundChunk retain(int increment) {
    data.retain(increment);
    return this;
  }

  @Override
  public OutboundChunk touch() {
    data.touch();
    return this;
  }

  @Override
  public OutboundChunk touch(Object hint) {
    data.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return data.release();
  }

  @Override
  public boolean release(int decrement) {
    return data.release(decrement);
  }

  @Override
  public String toString() {
    return "OutboundChunk[requestId=" + requestId + ", " + data.readableBytes() + " bytes]";
  }
}
