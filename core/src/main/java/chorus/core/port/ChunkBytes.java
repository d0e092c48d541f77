package chorus.core.port;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A fetched chunk's bytes, owned by whoever holds this until {@link #close()}. The transport hands over
 * the buffer the bytes arrived in (off-heap, pooled), so a chunk goes from the socket to the file without
 * a copy into the Java heap; a 3 GB pull through {@code byte[]}s made the heap churn through 3 GB of
 * short-lived arrays, and the collector spent a fifth of the receiver's CPU on them.
 */
public interface ChunkBytes extends AutoCloseable {
  /** The number of bytes. */
  int length();

  /**
   * The bytes as a new read-only buffer, position 0 and limit {@link #length()}; valid until
   * {@link #close()}.
   */
  ByteBuffer buffer();

  /**
   * The bytes as read-only buffers, in order, together {@link #length()} long; valid until
   * {@link #close()}. The transport's chunks arrive in several TLS records and stay in the buffers those
   * were decrypted into: {@link #buffer()} would join them with a copy, this does not.
   */
  default ByteBuffer[] buffers() {
    return new ByteBuffer[] {buffer()};
  }

  /** Gives the bytes back; buffers from {@link #buffer()} must not be used afterwards. Idempotent. */
  @Override
  void close();

  /** A copy of the bytes in a new array (tests, and callers that keep them). */
  default byte[] toArray() {
    ByteBuffer b = buffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Bytes on the heap: nothing to give back. */
  static ChunkBytes of(byte[] bytes) {
    return new ChunkBytes() {
      @Override
      public int length() {
        return bytes.length;
      }

      @Override
      public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
      }

      @Override
      public void close() {
        // heap bytes: the collector has them
      }

      @Override
      public byte[] toArray() {
        return bytes.clone();
      }
    };
  }

  /**
   * Gives up a fetch: cancels it, or if its bytes already came, closes them. A fetch abandoned any other
   * way would keep its pooled buffer until the collector finds it.
   */
  static void discard(CompletableFuture<ChunkBytes> fetch) {
    fetch.cancel(false);
    if (fetch.isDone() && !fetch.isCompletedExceptionally()) {
      fetch.join().close();
    }
  }
}
