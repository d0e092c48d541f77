package chorus.fsindex.pull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aligned buffers a folder's writers stage in (one per file being assembled at most, reused, let go by {@link #trim()}: each is 512 KiB of
 * direct memory)
 * and whether direct writes work on the folder's file system at all.
 */
final class StagingBuffers {
  private static final Logger log = LoggerFactory.getLogger(StagingBuffers.class);
  private final int align;
  private final int size;
  private final int minFile;
  private final ArrayBlockingQueue<ByteBuffer> free;
  private final AtomicInteger made = new AtomicInteger();
  private final int max;
  private volatile boolean enabled;

  /**
   * @param align the block size direct writes must be aligned to (the file system's)
   * @param size one staging buffer, a multiple of {@code align}
   * @param max buffers at most (one per file being assembled); a writer finding none writes through
   *     the cache
   * @param minFile files smaller than this go through the cache
   */
  StagingBuffers(int align, int size, int max, int minFile, boolean enabled) {
    if (align <= 0 || size % align != 0 || size < align) {
      throw new IllegalArgumentException("staging size " + size + " must be a multiple of the alignment " + align);
    }
    this.align = align;
    this.size = size;
    this.max = max;
    this.minFile = minFile;
    this.free = new ArrayBlockingQueue<>(Math.max(1, max));
    this.enabled = enabled && max > 0;
  }

  /**
   * Direct writes for the folder at {@code root}, a staging buffer of 512 KiB for each of up to
   * {@code writers} files, unless {@code chorus.pull.direct=false}.
   */
  static StagingBuffers forFolder(Path root, int writers) {
    int align = 4096;
    try {
      long block = Files.getFileStore(root).getBlockSize();
      if (block > 0 && block <= (1 << 16) && Long.bitCount(block) == 1) {
        align = (int) Math.max(4096, block);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // keep 4 KiB: right for every Linux block device this runs on
    }
    boolean on = !"false".equals(System.getProperty("chorus.pull.direct"));
    return new StagingBuffers(align, Math.max(align, 512 << 10), writers, 1 << 20, on);
  }

  int align() {
    return align;
  }

  int minFile() {
    return minFile;
  }

  boolean enabled() {
    return enabled;
  }

  void disable(Exception why) {
    if (enabled) {
      enabled = false;
      log.info("direct writes are off for this folder ({}); pulled files go through the page cache", why.toString());
    }
  }

  ByteBuffer take() {
    ByteBuffer b = free.poll();
    if (b != null) {
      return b;
    }
    if (made.incrementAndGet() > max) {
      made.decrementAndGet();
      return null;
    }
    return ByteBuffer.allocateDirect(size + align).alignedSlice(align);
  }

  void release(ByteBuffer b) {
    if (b != null) {
      b.clear();
      free.offer(b);
    }
  }

  /**
   * Lets the idle buffers go (the collector frees their memory): called when a round of pulls ends, so
   * an idle daemon does not keep half a megabyte per worker.
   */
  void trim() {
    while (free.poll() != null) {
      made.decrementAndGet();
    }
  }
}
