package chorus.fsindex.chunk;

import java.util.Objects;

/**
 * Finds chunk boundaries in one file's bytes, fed in pieces of any size: FastCDC's gear hash with
 * normalized chunking at two granularities, and for a file whose tags were recognised, fixed blocks over
 * its audio (see {@link ChunkerParams} and docs/ARCHITECTURE.md, "Chunking").
 *
 * <p>The boundaries depend on the bytes only (the {@link AudioLayout} is derived from them), never on how
 * the bytes are split into buffers: all state (position, current chunk, hash, region) lives here between calls. The gear hash at a
 * position depends on the 64 bytes ending there only, so the hash restarts from zero 64 bytes before the
 * first position where a cut is allowed, and the bytes of a chunk's minimum length before that are skipped
 * without hashing (FastCDC's cut-point skipping) with no effect on where cuts fall.
 *
 * <p>Not thread-safe; one instance per file.
 */
public final class Chunker {
  private static final long[] GEAR = GearTable.VALUES;

  private enum Region { HEAD, MIDDLE, TAIL }

  private final ChunkerParams params;
  private final long strongMask;
  private final boolean tagged;
  private final long headSwitch;
  private final long headLimit;
  private final long tailStart;
  private final long tailForce;

  private Region region = Region.HEAD;
  private long position;
  private long chunkStart;
  private long hash;
  private long hardMask;
  private long easyMask;
  private long hashFrom;
  private long firstCheck;
  private long avgAt;
  private long maxAt;

  /**
   * @param layout where the file's audio lies between its tags (from its size and {@link AudioLayout#probe});
   *     it places the head and tail regions. If the input turns out longer or shorter than the layout says,
   *     the chunks still tile it, but the caller should treat the file as changed.
   */
  public Chunker(ChunkerParams params, AudioLayout layout) {
    this.params = Objects.requireNonNull(params, "params");
    Objects.requireNonNull(layout, "layout");
    this.strongMask = ChunkLevel.topMask(params.strongBits());
    this.tagged = layout.tagged();
    if (tagged) {
      // Measured from the tags, the thresholds move with the audio when a tag changes size, so the first
      // cut past them is the same content in both versions: no anchor is needed, and the fine regions stay
      // short (the tags plus a margin).
      this.headSwitch = layout.audioStart() + params.tagMargin();
      this.headLimit = headSwitch;
      this.tailStart = layout.audioEnd() - params.tagMargin();
      this.tailForce = tailStart;
    } else {
      this.headSwitch = params.headLength();
      this.headLimit = params.headLimit();
      this.tailStart = layout.audioEnd() - params.tailLength();
      this.tailForce = layout.audioEnd() - params.tailMinimum();
    }
    startChunk(0);
  }

  /** The offset of the next byte to be consumed. */
  public long position() {
    return position;
  }

  /** The offset where the chunk being built starts. */
  public long chunkStart() {
    return chunkStart;
  }

  /**
   * Consumes {@code buf[off, off + len)} up to and including the last byte of the next chunk. Returns how
   * many bytes were consumed if a chunk ended there (it spans {@code chunkStart()} before the call to
   * {@code position()} after), or -1 if all {@code len} bytes were consumed without a cut.
   */
  public int next(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    final long[] gear = GEAR;
    final int end = off + len;
    final long base = position - off; // buf[i] is at offset base + i
    long h = hash;
    int i = off;
    while (i < end) {
      long q = base + i;
      if (q < hashFrom) {
        i = (int) Math.min(end, hashFrom - base);
        continue;
      }
      if (q == hashFrom) {
        h = 0;
      }
      if (q < firstCheck) {
        int limit = (int) Math.min(end, firstCheck - base);
        for (; i < limit; i++) {
          h = (h << 1) + gear[buf[i] & 0xff];
        }
        continue;
      }
      if (q < maxAt) {
        boolean hard = q < avgAt;
        int limit = (int) Math.min(end, (hard ? avgAt : maxAt) - base);
        hash = h;
        int at = search(buf, i, limit, hard ? hardMask : easyMask);
        h = hash;
        if (at < limit) {
          return cut(base, off, at, h, true);
        }
        i = limit;
        continue;
      }
      h = (h << 1) + gear[buf[i] & 0xff];
      return cut(base, off, i, h, false);
    }
    hash = h;
    position = base + end;
    return -1;
  }

  /**
   * Hashes {@code buf[i, limit)} into {@link #hash} and returns the index of the first byte after which
   * {@code (hash & mask) == 0}, with the hash there, or {@code limit} with the hash after all of it.
   *
   * <p>Two bytes per step (FastCDC 2020's idea, done exactly): {@code h2 = (h << 2) + ((g0 << 1) + g1)}
   * depends on the previous hash through one shift and one add only, which halves the loop's dependency
   * chain; the hash between the two bytes, {@code (h << 1) + g0}, is computed beside it for its check, so
   * every position is still tested and the cuts are the same as one byte at a time. Four such steps per
   * iteration (fewer loop tests), then pairs, then a last single byte: a plain byte loop for the rest made
   * C2 compile the method measurably slower. Measured: docs/BENCHMARKS.md, "The hot loop".
   */
  private int search(byte[] buf, int i, int limit, long mask) {
    final long[] gear = GEAR;
    long h = hash;
    long g0;
    long g1;
    long h1;
    for (; i < limit - 7; i += 8) {
      g0 = gear[buf[i] & 0xff];
      g1 = gear[buf[i + 1] & 0xff];
      h1 = (h << 1) + g0;
      h = (h << 2) + ((g0 << 1) + g1);
      if ((h1 & mask) == 0) {
        hash = h1;
        return i;
      }
      if ((h & mask) == 0) {
        hash = h;
        return i + 1;
      }
      g0 = gear[buf[i + 2] & 0xff];
      g1 = gear[buf[i + 3] & 0xff];
      h1 = (h << 1) + g0;
      h = (h << 2) + ((g0 << 1) + g1);
      if ((h1 & mask) == 0) {
        hash = h1;
        return i + 2;
      }
      if ((h & mask) == 0) {
        hash = h;
        return i + 3;
      }
      g0 = gear[buf[i + 4] & 0xff];
      g1 = gear[buf[i + 5] & 0xff];
      h1 = (h << 1) + g0;
      h = (h << 2) + ((g0 << 1) + g1);
      if ((h1 & mask) == 0) {
        hash = h1;
        return i + 4;
      }
      if ((h & mask) == 0) {
        hash = h;
        return i + 5;
      }
      g0 = gear[buf[i + 6] & 0xff];
      g1 = gear[buf[i + 7] & 0xff];
      h1 = (h << 1) + g0;
      h = (h << 2) + ((g0 << 1) + g1);
      if ((h1 & mask) == 0) {
        hash = h1;
        return i + 6;
      }
      if ((h & mask) == 0) {
        hash = h;
        return i + 7;
      }
    }
    for (; i < limit - 1; i += 2) {
      g0 = gear[buf[i] & 0xff];
      g1 = gear[buf[i + 1] & 0xff];
      h1 = (h << 1) + g0;
      h = (h << 2) + ((g0 << 1) + g1);
      if ((h1 & mask) == 0) {
        hash = h1;
        return i;
      }
      if ((h & mask) == 0) {
        hash = h;
        return i + 1;
      }
    }
    if (i < limit) {
      h = (h << 1) + gear[buf[i] & 0xff];
      if ((h & mask) == 0) {
        hash = h;
        return i;
      }
    }
    hash = h;
    return limit;
  }

  /**
   * Ends the input: returns the length of the last chunk (0 if the input ended on a cut or was empty) and
   * positions the chunker after it.
   */
  public int finish() {
    int last = (int) (position - chunkStart);
    if (last > 0) {
      startChunk(position);
    }
    return last;
  }

  private int cut(long base, int off, int i, long h, boolean contentDefined) {
    hash = h;
    position = base + i + 1;
    boolean anchor = contentDefined && (h & strongMask) == 0;
    long e = position;
    switch (region) {
      case HEAD -> {
        if (e >= tailStart) {
          region = Region.TAIL;
        } else if ((anchor && e >= headSwitch) || e >= headLimit) {
          region = Region.MIDDLE;
        }
      }
      case MIDDLE -> {
        if ((anchor && e >= tailStart) || e >= tailForce) {
          region = Region.TAIL;
        }
      }
      case TAIL -> { }
    }
    startChunk(e);
    return i + 1 - off;
  }

  private void startChunk(long start) {
    ChunkLevel level = region == Region.MIDDLE ? params.coarse() : params.fine();
    chunkStart = start;
    // An anchor is a cut at every level once past the minimum, however hard normalization makes cuts
    // before avg: after an edit, two chunkings that started at different offsets meet again at the next
    // anchor instead of leapfrogging each other's normalized cuts for many chunks.
    hardMask = ChunkLevel.topMask(Math.min(level.hardBits(), params.strongBits()));
    easyMask = ChunkLevel.topMask(level.easyBits());
    hashFrom = start + level.min() - 64;
    firstCheck = start + level.min() - 1;
    avgAt = start + level.avg() - 1;
    maxAt = start + level.max() - 1;
    if (tagged && region == Region.MIDDLE) {
      // Fixed blocks from the head switch, the last ending where the tail region starts (never running on
      // into the tail tags, which would make every tag edit rewrite it). Both points move with the audio
      // when a tag changes size, so the blocks stay on the same content without a cut search: the bytes are
      // skipped up to the block's last one and only digested.
      long end = Math.min(start + params.middleBlock(), tailStart);
      hashFrom = end - 1;
      firstCheck = end - 1;
      avgAt = end - 1;
      maxAt = end - 1;
    }
  }
}
