package chorus.transport.peer;

import chorus.core.port.ChunkBytes;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** A verified chunk still in the (pooled, usually direct) buffer it arrived in; closing releases it. */
final class BufferChunkBytes implements ChunkBytes {
  private final ByteBuf data;
  private final AtomicBoolean closed = new AtomicBoolean();

  BufferChunkBytes(ByteBuf data) {
    this.data = data;
  }

  @Override
  public int length() {
    return data.readableBytes();
  }

  @Override
  public ByteBuffer buffer() {
    if (closed.get()) {
      throw new IllegalStateException("chunk bytes used after close");
    }
    // A read-only view of a direct buffer is still direct: FileChannel.write takes it without a copy.
    return data.nioBuffer().asReadOnlyBuffer();
  }

  @Override
  public ByteBuffer[] buffers() {
    if (closed.get()) {
      throw new IllegalStateException("chunk bytes used after close");
    }
    ByteBuffer[] parts = data.nioBuffers();
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].asReadOnlyBuffer();
    }
    return parts;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      data.release();
    }
  }
}
