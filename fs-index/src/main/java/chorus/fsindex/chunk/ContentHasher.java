package chorus.fsindex.chunk;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a stream into chunks and hashes each with SHA-256 in one pass over a reused buffer: the bytes are
 * read once, the gear hash looks for the next cut and the digest consumes the same range, so no chunk is
 * ever copied. One instance per thread (it owns its buffer and digest).
 */
public final class ContentHasher {
  /** Called after every buffer fill; tests use it to change a file in the middle of hashing. */
  @FunctionalInterface
  public interface ReadObserver {
    ReadObserver NONE = bytesSoFar -> { };

    void afterRead(long bytesSoFar) throws IOException;
  }

  private final ChunkerParams params;
  private final byte[] buffer;
  private final MessageDigest sha = ContentHash.sha256();

  public ContentHasher(ChunkerParams params, int bufferSize) {
    this.params = Objects.requireNonNull(params, "params");
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("buffer size must be > 0, got " + bufferSize);
    }
    this.buffer = new byte[bufferSize];
  }

  /**
   * Reads {@code file}, freshly opened at position 0, to its end. {@code expectedSize} (from stat) is where its
   * tags are looked for ({@link AudioLayout#probe}), with positional reads that leave the position alone.
   */
  public HashedContent hash(FileChannel file, long expectedSize, ReadObserver observer) throws IOException {
    return hash(file, AudioLayout.probe(file, expectedSize, params), observer);
  }

  /**
   * Reads {@code in} to its end, with the head and tail regions placed by {@code layout}, which must be
   * {@link AudioLayout#probe}'s answer for the same bytes: any other layout gives other chunks for the same
   * content, and peers would see a different content hash.
   */
  public HashedContent hash(ReadableByteChannel in, AudioLayout layout, ReadObserver observer) throws IOException {
    Chunker chunker = new Chunker(params, layout);
    long expectedSize = layout.audioEnd();
    List<ChunkRef> chunks = new ArrayList<>((int) Math.min(1024, expectedSize / params.coarse().avg() + 16));
    ByteBuffer bb = ByteBuffer.wrap(buffer);
    sha.reset();
    long total = 0;
    while (true) {
      bb.clear();
      int n = in.read(bb);
      if (n < 0) {
        break;
      }
      total += n;
      int off = 0;
      while (off < n) {
        long start = chunker.chunkStart();
        int used = chunker.next(buffer, off, n - off);
        if (used < 0) {
          sha.update(buffer, off, n - off);
          break;
        }
        sha.update(buffer, off, used);
        chunks.add(new ChunkRef(start, (int) (chunker.position() - start), ChunkHash.wrapDigest(sha.digest())));
        off += used;
      }
      observer.afterRead(total);
    }
    long start = chunker.chunkStart();
    int last = chunker.finish();
    if (last > 0) {
      chunks.add(new ChunkRef(start, last, ChunkHash.wrapDigest(sha.digest())));
    }
    return new HashedContent(chunks, ContentHash.of(chunks), total);
  }
}
