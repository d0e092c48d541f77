package chorus.fsindex.chunk;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Reads an array into the caller's buffer with one copy, as a read from the page cache does; optionally
 * in reads of random lengths, like a pipe. Shared by the chunker tests and the bench module.
 */
public final class ArrayChannel implements ReadableByteChannel {
  private final byte[] data;
  private final IntSupplier readLimit;
  private int pos;

  /** Each read fills as much of the buffer as the data allows. */
  public ArrayChannel(byte[] data) {
    this(data, () -> Integer.MAX_VALUE);
  }

  /** Each read returns 1 byte up to 70 000 bytes (seeded), at most the buffer's space. */
  public static ArrayChannel jittery(byte[] data, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return new ArrayChannel(data, () -> 1 + rnd.nextInt(70_000));
  }

  private ArrayChannel(byte[] data, IntSupplier readLimit) {
    this.data = data;
    this.readLimit = readLimit;
  }

  @Override
  public int read(ByteBuffer dst) {
    if (pos == data.length) {
      return -1;
    }
    int n = Math.min(Math.min(dst.remaining(), data.length - pos), readLimit.getAsInt());
    dst.put(data, pos, n);
    pos += n;
    return n;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
