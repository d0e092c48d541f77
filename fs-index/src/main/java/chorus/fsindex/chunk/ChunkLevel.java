package chorus.fsindex.chunk;

import chorus.core.protocol.ChunkRequest;

/**
 * One granularity of FastCDC with normalized chunking: below {@code min} no cut, from {@code min} to
 * {@code avg} a cut needs {@link #hardBits()} zero bits in the gear hash, from {@code avg} to {@code max}
 * only {@link #easyBits()}, and at {@code max} the chunk is cut regardless. The bits are the top bits of
 * the hash, which depend on the most recent bytes the longest (bit 63 on the last 64 bytes).
 *
 * @param normalization FastCDC's normalization level: how many bits harder (easier) than
 *     {@code log2(avg)} the condition is before (after) {@code avg}
 */
public record ChunkLevel(int min, int avg, int max, int normalization) {
  public ChunkLevel {
    if (Integer.bitCount(avg) != 1) {
      throw new IllegalArgumentException("average chunk size must be a power of two, got " + avg);
    }
    if (min < 64 || min >= avg || avg >= max) {
      throw new IllegalArgumentException("need 64 <= min < avg < max, got " + min + "/" + avg + "/" + max);
    }
    if (max > ChunkRequest.MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("max chunk " + max + " exceeds the protocol's " + ChunkRequest.MAX_CHUNK_LENGTH);
    }
    int bits = Integer.numberOfTrailingZeros(avg);
    if (normalization < 0 || normalization >= bits || bits + normalization > 40) {
      throw new IllegalArgumentException("normalization level " + normalization + " does not fit avg " + avg);
    }
  }

  /** Zero bits needed for a cut while the chunk is shorter than {@code avg}. */
  public int hardBits() {
    return Integer.numberOfTrailingZeros(avg) + normalization;
  }

  /** Zero bits needed for a cut once the chunk has reached {@code avg}. */
  public int easyBits() {
    return Integer.numberOfTrailingZeros(avg) - normalization;
  }

  static long topMask(int bits) {
    return bits == 0 ? 0 : -1L << (64 - bits);
  }
}
