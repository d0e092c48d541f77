package chorus.fsindex.pull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a temp file's verified chunks, the long runs of them past the page cache. A buffered write costs
 * the kernel a copy into freshly allocated cache pages: measured on this project's benchmark machine,
 * {@code dd bs=1M count=2000} took 2.78 s of system time buffered and 0.19 s with {@code oflag=direct}, and
 * a 3 GB pull spent 5.3 of the receiver's 16 CPU-s in that copy. So contiguous bytes are staged in an
 * aligned buffer and written with {@code O_DIRECT} in whole blocks; what does not fill a block (the head
 * of a run that starts mid-block, the file's last partial block) goes through the ordinary channel. A
 * block is written by one of the two (a resumed pull may rewrite a block the other wrote: Linux keeps them
 * coherent, a direct write first writes back and drops the cached pages of its range), so reads of the
 * temp file see what was written either way. Durability is unchanged: the group commit still forces the file.
 *
 * <p>Where the file system refuses {@code O_DIRECT} (tmpfs, some network file systems) the first attempt
 * fails and {@link Staging#disable() turns it off} for the folder; the bytes go through the ordinary
 * channel, so nothing is lost or slower than before. Not thread-safe: one writer per file being assembled.
 */
final class TempFileWriter implements AutoCloseable {
  private static final OpenOption DIRECT = directOption();

  private final Path path;
  private final FileChannel buffered;
  private final Staging staging;
  /** Whether this file is worth staging at all: a small file is a partial block or two. */
  private final boolean large;
  private FileChannel direct;
  private ByteBuffer stage;
  /** File offset of {@code stage}'s first byte (block-aligned) while it holds anything. */
  private long stageStart;
  private long directBytes;

  private TempFileWriter(Path path, FileChannel buffered, Staging staging, boolean large) {
    this.path = path;
    this.buffered = buffered;
    this.staging = staging;
    this.large = large;
  }

  /**
   * Opens (creating) {@code path} for a file of {@code size} bytes; direct writes are tried when the file
   * is large enough to gain from them and {@code staging} allows them.
   */
  static TempFileWriter open(Path path, long size, Staging staging) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    return new TempFileWriter(path, ch, staging, size >= staging.minFile());
  }

  /** The ordinary channel: for reads (a resumed pull's check), the size and truncation. */
  FileChannel channel() {
    return buffered;
  }

  /** Bytes that went past the page cache so far (what tests and the benchmarks look at). */
  long directBytes() {
    return directBytes;
  }

  /** Writes all of {@code src} at {@code offset}. */
  void write(long offset, ByteBuffer src) throws IOException {
    if (stage != null && stage.position() > 0 && offset != stageStart + stage.position()) {
      flushStage();
    }
    if (stage == null || stage.position() == 0) {
      if (!large || !startStage()) {
        writeBuffered(offset, src);
        return;
      }
      int head = (int) (alignUp(offset, staging.align()) - offset);
      if (head > 0) {
        ByteBuffer part = src.slice(src.position(), Math.min(head, src.remaining()));
        writeBuffered(offset, part);
        src.position(src.position() + part.capacity());
        offset += part.capacity();
        if (!src.hasRemaining()) {
          return;
        }
      }
      stageStart = offset;
    }
    while (src.hasRemaining()) {
      int n = Math.min(stage.remaining(), src.remaining());
      stage.put(stage.position(), src, src.position(), n);
      stage.position(stage.position() + n);
      src.position(src.position() + n);
      if (!stage.hasRemaining()) {
        writeStage(stage.capacity());
      }
    }
  }

  /** Writes what is still staged; call once the last chunk is written (before a truncate or a force). */
  void finish() throws IOException {
    flushStage();
  }

  @Override
  public void close() throws IOException {
    try {
      if (direct != null) {
        direct.close();
      }
    } finally {
      staging.release(stage);
      stage = null;
      buffered.close();
    }
  }

  /** Takes a staging buffer and opens the direct channel, once; false when direct writes are off. */
  private boolean startStage() {
    if (stage != null) {
      return true;
    }
    if (DIRECT == null || !staging.enabled()) {
      return false;
    }
    ByteBuffer b = staging.take();
    if (b == null) {
      return false;
    }
    try {
      direct = FileChannel.open(path, StandardOpenOption.WRITE, DIRECT, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      staging.release(b);
      staging.disable(e);
      return false;
    }
    stage = b;
    return true;
  }

  /** The staged whole blocks direct, the rest (under a block) through the cache; the stage is empty after. */
  private void flushStage() throws IOException {
    if (stage == null || stage.position() == 0) {
      return;
    }
    int staged = stage.position();
    int whole = (int) (staged - staged % staging.align());
    long tailAt = stageStart + whole;
    if (whole > 0) {
      writeStage(whole);
    }
    if (staged > whole) {
      writeBuffered(tailAt, stage.slice(0, staged - whole));
    }
    stage.clear();
  }

  /** Writes the stage's first {@code n} bytes (whole blocks) at {@code stageStart}; moves the rest down. */
  private void writeStage(int n) throws IOException {
    ByteBuffer out = stage.slice(0, n);
    long at = stageStart;
    try {
      while (out.hasRemaining()) {
        direct.write(out, at + out.position());
      }
      directBytes += n;
    } catch (IOException e) {
      // A file system that takes the open but not the write (EINVAL): the same bytes through the cache.
      // A real disk error fails there again and is reported as such.
      staging.disable(e);
      writeBuffered(at + out.position(), out);
    }
    int left = stage.position() - n;
    stage.put(0, stage, n, left);
    stage.position(left);
    stageStart += n;
  }

  private void writeBuffered(long offset, ByteBuffer src) throws IOException {
    long at = offset;
    while (src.hasRemaining()) {
      at += buffered.write(src, at);
    }
  }

  private static long alignUp(long v, int align) {
    return (v + align - 1) / align * align;
  }

  private static OpenOption directOption() {
    try {
      return com.sun.nio.file.ExtendedOpenOption.DIRECT;
    } catch (LinkageError e) {
      return null; // a JDK without it: every write goes through the cache
    }
  }

  /**
   * The aligned buffers a folder's writers stage in (a few, reused: each is a megabyte of direct memory)
   * and whether direct writes work on the folder's file system at all.
   */
  static final class Staging {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Staging.class);
    private final int align;
    private final int size;
    private final int minFile;
    private final java.util.concurrent.ArrayBlockingQueue<ByteBuffer> free;
    private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
    private final int max;
    private volatile boolean enabled;

    /**
     * @param align the block size direct writes must be aligned to (the file system's)
     * @param size one staging buffer, a multiple of {@code align}
     * @param max buffers at most (one per file being assembled); a writer finding none writes through
     *     the cache
     * @param minFile files smaller than this go through the cache
     */
    Staging(int align, int size, int max, int minFile, boolean enabled) {
      if (align <= 0 || size % align != 0 || size < align) {
        throw new IllegalArgumentException("staging size " + size + " must be a multiple of the alignment " + align);
      }
      this.align = align;
      this.size = size;
      this.max = max;
      this.minFile = minFile;
      this.free = new java.util.concurrent.ArrayBlockingQueue<>(Math.max(1, max));
      this.enabled = enabled && max > 0;
    }

    /**
     * Direct writes for the folder at {@code root}, a staging buffer of 512 KiB for each of up to
     * {@code writers} files, unless {@code chorus.pull.direct=false}.
     */
    static Staging forFolder(Path root, int writers) {
      int align = 4096;
      try {
        long block = java.nio.file.Files.getFileStore(root).getBlockSize();
        if (block > 0 && block <= (1 << 16) && Long.bitCount(block) == 1) {
          align = (int) Math.max(4096, block);
        }
      } catch (IOException | UnsupportedOperationException e) {
        // keep 4 KiB: right for every Linux block device this runs on
      }
      boolean on = !"false".equals(System.getProperty("chorus.pull.direct"));
      return new Staging(align, Math.max(align, 512 << 10), writers, 1 << 20, on);
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
}
