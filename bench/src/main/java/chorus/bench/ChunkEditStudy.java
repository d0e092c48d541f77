package chorus.bench;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import chorus.fsindex.chunk.ChunkLevel;
import chorus.fsindex.chunk.ChunkerParams;
import chorus.fsindex.chunk.ContentHasher;
import chorus.fsindex.chunk.HashedContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Measures what tag-like edits cost with a set of chunker parameters: for seeded random (incompressible,
 * like FLAC/MP3 audio) files, the bytes of the edited file's chunks that the original lacks, after
 * inserting 4 KiB at offset 0, appending 4 KiB, overwriting 4 KiB in the middle, and a few larger edits.
 *
 * <p>Usage: {@code ChunkEditStudy TRIALS SIZE_MB [fineMin fineAvg fineMax coarseMin coarseAvg coarseMax
 * strongBits headLength headLimit tailLength tailMinimum [fineNC coarseNC]]} (sizes in bytes).
 */
public final class ChunkEditStudy {
  private ChunkEditStudy() {}

  public static void main(String[] args) throws IOException {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int size = (int) (args.length > 1 ? Double.parseDouble(args[1]) * 1_000_000 : 30_000_000);
    ChunkerParams p = ChunkerParams.DEFAULT;
    if (args.length >= 13) {
      long[] v = Arrays.stream(args, 2, 13).mapToLong(Long::parseLong).toArray();
      int fineNc = args.length > 13 ? Integer.parseInt(args[13]) : 2;
      int coarseNc = args.length > 14 ? Integer.parseInt(args[14]) : 2;
      p = new ChunkerParams(new ChunkLevel((int) v[0], (int) v[1], (int) v[2], fineNc),
          new ChunkLevel((int) v[3], (int) v[4], (int) v[5], coarseNc), (int) v[6], v[7], v[8], v[9], v[10]);
    }
    System.out.println("params " + p);
    System.out.printf(Locale.ROOT, "%d trials, %d-byte files%n", trials, size);
    String[] edits = {"insert 4K at 0", "append 4K", "overwrite 4K mid", "insert 64K at 0", "overwrite 4K at 100K",
        "truncate 4K"};
    long[] bounds = {size * 3L / 1000, size * 3L / 1000, size * 20L / 1000, Long.MAX_VALUE, Long.MAX_VALUE,
        size * 3L / 1000};
    long[][] cost = new long[edits.length][trials];
    long[] chunkCounts = new long[trials];
    ContentHasher hasher = new ContentHasher(p, 1 << 20);
    for (int t = 0; t < trials; t++) {
      SplittableRandom rnd = new SplittableRandom(1000 + t);
      byte[] base = bytes(rnd, size);
      byte[] four = bytes(rnd, 4096);
      byte[] big = bytes(rnd, 65536);
      HashedContent original = hash(hasher, base);
      chunkCounts[t] = original.chunks().size();
      Set<ChunkHash> known = new HashSet<>();
      for (ChunkRef c : original.chunks()) {
        known.add(c.hash());
      }
      byte[][] edited = {
          concat(four, base),
          concat(base, four),
          overwrite(base, size / 2 - 2048, four),
          concat(big, base),
          overwrite(base, 100_000, four),
          Arrays.copyOf(base, size - 4096)};
      for (int e = 0; e < edits.length; e++) {
        cost[e][t] = newBytes(hash(hasher, edited[e]).chunks(), known);
      }
    }
    Arrays.sort(chunkCounts);
    System.out.printf(Locale.ROOT, "chunks per file: median %d, min %d, max %d%n",
        chunkCounts[trials / 2], chunkCounts[0], chunkCounts[trials - 1]);
    for (int e = 0; e < edits.length; e++) {
      long[] c = cost[e];
      int over = 0;
      for (long x : c) {
        if (x > bounds[e]) {
          over++;
        }
      }
      Arrays.sort(c);
      System.out.printf(Locale.ROOT, "%-22s new bytes: median %7d  p90 %7d  max %8d  over bound %s: %d of %d%n",
          edits[e], c[trials / 2], c[(int) (trials * 0.9)], c[trials - 1],
          bounds[e] == Long.MAX_VALUE ? "-" : String.valueOf(bounds[e]), over, trials);
    }
  }

  static long newBytes(List<ChunkRef> chunks, Set<ChunkHash> known) {
    long n = 0;
    for (ChunkRef c : chunks) {
      if (!known.contains(c.hash())) {
        n += c.length();
      }
    }
    return n;
  }

  static HashedContent hash(ContentHasher hasher, byte[] data) throws IOException {
    return hasher.hash(Channels.newChannel(new ByteArrayInputStream(data)), data.length);
  }

  static byte[] bytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < n; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] overwrite(byte[] base, int at, byte[] patch) {
    byte[] out = base.clone();
    System.arraycopy(patch, 0, out, at, patch.length);
    return out;
  }
}
