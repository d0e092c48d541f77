package chorus.bench;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import chorus.fsindex.chunk.ArrayChannel;
import chorus.fsindex.chunk.AudioLayout;
import chorus.fsindex.chunk.ChunkLevel;
import chorus.fsindex.chunk.ChunkerParams;
import chorus.fsindex.chunk.ContentHasher;
import chorus.fsindex.chunk.HashedContent;
import chorus.fsindex.chunk.TaggedAudio;
import chorus.fsindex.chunk.TaggedAudio.Song;
import chorus.fsindex.chunk.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Measures what tag-like edits cost with a set of chunker parameters: for seeded random (incompressible,
 * like FLAC/MP3 audio) files, the bytes of the edited file's chunks that the original lacks, after
 * inserting 4 KiB at offset 0, appending 4 KiB, overwriting 4 KiB in the middle, and a few larger edits.
 *
 * <p>Usage: {@code ChunkEditStudy TRIALS SIZE_MB [fineMin fineAvg fineMax coarseMin coarseAvg coarseMax
 * strongBits headLength headLimit tailLength tailMinimum [fineNC coarseNC [tagMargin [middleBlock]]]]} (sizes in
 * bytes), or
 * {@code ChunkEditStudy tagged TRIALS SIZE_MB [the same parameters]} for tag edits on MP3/FLAC files with real tag structures
 * (the generator of {@code TaggedEditTest}), where the chunker sees the tags.
 */
public final class ChunkEditStudy {
  private ChunkEditStudy() {}

  public static void main(String[] args) throws IOException {
    boolean tagged = args.length > 0 && args[0].equals("tagged");
    if (tagged) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int size = (int) (args.length > 1 ? Double.parseDouble(args[1]) * 1_000_000 : 30_000_000);
    ChunkerParams p = ChunkerParams.DEFAULT;
    if (args.length >= 13) {
      long[] v = Arrays.stream(args, 2, 13).mapToLong(Long::parseLong).toArray();
      int fineNc = args.length > 13 ? Integer.parseInt(args[13]) : 2;
      int coarseNc = args.length > 14 ? Integer.parseInt(args[14]) : 2;
      long tagMargin = args.length > 15 ? Long.parseLong(args[15]) : ChunkerParams.DEFAULT.tagMargin();
      int middleBlock = args.length > 16 ? Integer.parseInt(args[16]) : ChunkerParams.DEFAULT.middleBlock();
      p = new ChunkerParams(new ChunkLevel((int) v[0], (int) v[1], (int) v[2], fineNc),
          new ChunkLevel((int) v[3], (int) v[4], (int) v[5], coarseNc), (int) v[6], v[7], v[8], v[9], v[10], tagMargin,
          middleBlock);
    }
    if (tagged) {
      tagged(trials, size, p);
      return;
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
      byte[] base = TestData.random(rnd.nextLong(), size);
      byte[] four = TestData.random(rnd.nextLong(), 4096);
      byte[] big = TestData.random(rnd.nextLong(), 65536);
      HashedContent original = hash(hasher, p, base);
      chunkCounts[t] = original.chunks().size();
      Set<ChunkHash> known = new HashSet<>();
      for (ChunkRef c : original.chunks()) {
        known.add(c.hash());
      }
      byte[][] edited = {
          TestData.concat(four, base),
          TestData.concat(base, four),
          TestData.overwrite(base, size / 2 - 2048, four),
          TestData.concat(big, base),
          TestData.overwrite(base, 100_000, four),
          Arrays.copyOf(base, size - 4096)};
      for (int e = 0; e < edits.length; e++) {
        cost[e][t] = newBytes(hash(hasher, p, edited[e]).chunks(), known);
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

  /** Every tag edit of {@code TaggedAudio.Song} on TRIALS generated files; the bound is 0.3 % for each. */
  static void tagged(int trials, int size, ChunkerParams p) throws IOException {
    System.out.println("params " + p);
    long[] chunkCounts = new long[trials];
    ContentHasher hasher = new ContentHasher(p, 1 << 20);
    Map<String, List<Long>> costs = new TreeMap<>();
    for (int t = 0; t < trials; t++) {
      Song song = Song.generate(t, size);
      Set<ChunkHash> known = new HashSet<>();
      List<ChunkRef> original = hash(hasher, p, song.bytes()).chunks();
      chunkCounts[t] = original.size();
      original.forEach(c -> known.add(c.hash()));
      for (TaggedAudio.Edit e : song.tagEdits(TestData.random(t + 7000L, 4096), TaggedAudio.id3v1(t))) {
        String kind = (song.flac() ? "FLAC " : "MP3 ") + e.name();
        costs.computeIfAbsent(kind, k -> new ArrayList<>()).add(newBytes(hash(hasher, p, e.song().bytes()).chunks(), known));
      }
    }
    Arrays.sort(chunkCounts);
    System.out.printf(Locale.ROOT, "%d tagged files of %d bytes, bound %d, chunks per file: median %d%n", trials, size,
        size * 3L / 1000, chunkCounts[trials / 2]);
    costs.forEach((kind, list) -> {
      long[] c = list.stream().mapToLong(Long::longValue).sorted().toArray();
      long over = Arrays.stream(c).filter(x -> x > size * 3L / 1000).count();
      System.out.printf(Locale.ROOT, "%-32s new bytes: median %7d  p90 %7d  max %8d  over bound: %d of %d%n",
          kind, c[c.length / 2], c[(int) (c.length * 0.9)], c[c.length - 1], over, c.length);
    });
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

  static HashedContent hash(ContentHasher hasher, ChunkerParams params, byte[] data) throws IOException {
    return hasher.hash(new ArrayChannel(data), AudioLayout.probe(data, params),
        ContentHasher.ReadObserver.NONE);
  }
}
