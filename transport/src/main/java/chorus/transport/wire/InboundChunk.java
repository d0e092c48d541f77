package chorus.transport.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * An OK chunk response as the peer pipeline receives it ({@link MessageDecoder#chunksInBuffers()}): its
 * data is a retained slice of the bytes that came off the socket, not yet checked against any hash. On
 * the wire it is exactly a {@code ChunkResponse(requestId, OK, data)}, the counterpart of
 * {@link OutboundChunk}. Whoever receives it owns it and releases it (its reference count is the
 * buffer's).
 *
 * @param data the chunk's bytes, 1..{@link chorus.core.protocol.ChunkRequest#MAX_CHUNK_LENGTH} of them (the
 *     decoder checked the length against the frame)
 */
public record InboundChunk(int requestId, ByteBuf data) implements ReferenceCounted {
  public InboundChunk {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public int refCnt() {
    return data.refCnt();
  }

  @Override
  public InboundChunk retain() {
    data.retain();
    return this;
  }

  @Override
  public InboundChunk retain(int increment) {
    data.retain(increment);
    return this;
  }

  @Override
  public InboundChunk touch() {
    data.touch();
    return this;
  }

  @Override
  public InboundChunk touch(Object hint) {
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
    return "InboundChunk[requestId=" + requestId + ", " + data.readableBytes() + " bytes]";
  }
}
