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
 * fails and {@linkplain StagingBuffers#disable(Exception) turns it off} for the folder; the bytes go through the ordinary
 * channel, so nothing is lost or slower than before. Not thread-safe: one writer per file being assembled.
 */
final class TempFileWriter implements AutoCloseable {
  private static final OpenOption DIRECT = directOption();

  private final Path path;
  private final FileChannel buffered;
  private final StagingBuffers staging;
  /** Whether this file is worth staging at all: a small file is a partial block or two. */
  private final boolean large;
  private FileChannel direct;
  private ByteBuffer stage;
  /** File offset of {@code stage}'s first byte (block-aligned) while it holds anything. */
  private long stageStart;
  private long directBytes;

  private TempFileWriter(Path path, FileChannel buffered, StagingBuffers staging, boolean large) {
    this.path = path;
    this.buffered = buffered;
    this.staging = staging;
    this.large = large;
  }

  /**
   * Opens (creating) {@code path} for a file of {@code size} bytes; direct writes are tried when the file
   * is large enough to gain from them and {@code staging} allows them.
   */
  static TempFileWriter open(Path path, long size, StagingBuffers staging) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    return new TempFileWriter(path, ch, staging, size >= staging.minFile());
  }

  /** The ordinary channel: for reads (a resumed pull's check), the size and truncation. */
  FileChannel channel() {
    return buffered;
  }

  /** Bytes that went past the page cache so far (what the tests look at). */
  long directBytes() {
    return directBytes;
  }

  /** Writes {@code parts}, one after the other, from {@code offset}. */
  void write(long offset, ByteBuffer[] parts) throws IOException {
    long at = offset;
    for (ByteBuffer part : parts) {
      int n = part.remaining();
      write(at, part);
      at += n;
    }
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
}
