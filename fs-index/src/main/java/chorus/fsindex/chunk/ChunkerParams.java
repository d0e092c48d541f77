package chorus.fsindex.chunk;

import chorus.core.protocol.ChunkRequest;
import java.util.Objects;

/**
 * How files are cut into chunks: fine chunks near both ends of a file, where audio tags live, coarse
 * chunks in between, and the rules for switching, which are content-defined so that an insertion at the
 * head or an append at the tail does not move the switch (see docs/ARCHITECTURE.md, "Chunking").
 *
 * <p>All these numbers are part of the index format: changing any of them changes chunk boundaries and
 * therefore every chunk hash. {@link #DEFAULT} is what chorus uses; tests and benchmarks may try others.
 *
 * @param fine the granularity of the head and tail regions
 * @param coarse the granularity of the middle
 * @param strongBits zero top bits of the gear hash that make a cut an anchor where the region may switch;
 *     more than {@code fine.hardBits()}, so anchors are rarer than fine cuts
 * @param headLength the head region reaches at least this far; it ends at the first fine anchor cut at or
 *     after this offset
 * @param headLimit if no anchor came by this offset, the head ends at the next fine cut
 * @param tailLength the tail region may start this many bytes before the end, at a coarse anchor cut
 * @param tailMinimum if no anchor came by {@code size - tailMinimum}, the tail starts at the next coarse cut
 * @param tagMargin for a file whose tags were recognised ({@link AudioLayout#tagged()}): the head ends at the
 *     first fine cut this far past the audio's start, the tail starts at the first coarse cut this far before
 *     its end; no anchors are needed, because the thresholds move with the audio when a tag changes size
 * @param middleBlock for a tagged file: the middle is cut into blocks of this size, counted from where the
 *     head region ends (the last one ends where the tail region starts). Tag edits move that point with the
 *     audio, so the blocks stay on the same content, and no cut search runs over the audio at all
 */
public record ChunkerParams(
    ChunkLevel fine,
    ChunkLevel coarse,
    int strongBits,
    long headLength,
    long headLimit,
    long tailLength,
    long tailMinimum,
    long tagMargin,
    int middleBlock) {

  private static final int KIB = 1024;
  private static final int MIB = 1024 * 1024;

  /** Chosen by measurement on incompressible (audio-like) data; see docs/ARCHITECTURE.md. */
  public static final ChunkerParams DEFAULT = new ChunkerParams(
      new ChunkLevel(2 * KIB, 8 * KIB, 32 * KIB, 1),
      new ChunkLevel(64 * KIB, 128 * KIB, 512 * KIB, 2),
      19,
      512 * KIB,
      4 * MIB,
      1280 * KIB,
      768 * KIB,
      64 * KIB,
      128 * KIB);

  public ChunkerParams {
    Objects.requireNonNull(fine, "fine");
    Objects.requireNonNull(coarse, "coarse");
    if (fine.hardBits() > coarse.easyBits()) {
      throw new IllegalArgumentException("every coarse cut candidate must also be a fine one: fine hard bits "
          + fine.hardBits() + " exceed coarse easy bits " + coarse.easyBits());
    }
    if (strongBits <= fine.hardBits() || strongBits > 63) {
      throw new IllegalArgumentException("strongBits " + strongBits + " must be in " + (fine.hardBits() + 1) + "..63");
    }
    if (headLength < 0 || headLimit < headLength) {
      throw new IllegalArgumentException("need 0 <= headLength <= headLimit, got " + headLength + ", " + headLimit);
    }
    if (middleBlock < fine.max() || middleBlock > ChunkRequest.MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("middleBlock " + middleBlock + " must be in " + fine.max() + ".."
          + ChunkRequest.MAX_CHUNK_LENGTH);
    }
    if (tagMargin < 0) {
      throw new IllegalArgumentException("tagMargin must be >= 0, got " + tagMargin);
    }
    if (tailMinimum < 0 || tailLength < tailMinimum) {
      throw new IllegalArgumentException("need 0 <= tailMinimum <= tailLength, got " + tailMinimum + ", " + tailLength);
    }
  }
}
