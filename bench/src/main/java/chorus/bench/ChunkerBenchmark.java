package chorus.bench;

import chorus.fsindex.chunk.ArrayChannel;
import chorus.fsindex.chunk.AudioLayout;
import chorus.fsindex.chunk.Chunker;
import chorus.fsindex.chunk.ChunkerParams;
import chorus.fsindex.chunk.ContentHasher;
import chorus.fsindex.chunk.HashedContent;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot loop of a first scan, on 32 MB of incompressible bytes in memory (a file in the page cache):
 * the gear-hash cut search alone, SHA-256 alone, and both as the scanner runs them. Time per 32 MB;
 * divide 32 MB by it for a rate. Run with {@code -t 2} for two cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ChunkerBenchmark {
  static final int SIZE = 32 * 1000 * 1000;

  byte[] data;

  @Setup
  public void setUp() {
    data = new byte[SIZE];
    new SplittableRandom(1).nextBytes(data);
  }

  /** Per thread: its own hasher and buffer, like a hasher thread of the scanner. */
  @State(Scope.Thread)
  public static class Worker {
    final ContentHasher hasher = new ContentHasher(ChunkerParams.DEFAULT, Integer.getInteger("bench.buffer", 1 << 20));
    final MessageDigest sha = chorus.fsindex.chunk.ContentHash.sha256();
  }

  @Benchmark
  public int gearCutsOnly() {
    Chunker c = new Chunker(ChunkerParams.DEFAULT, AudioLayout.whole(data.length));
    int cuts = 0;
    int off = 0;
    while (off < data.length) {
      int n = Math.min(1 << 20, data.length - off);
      int end = off + n;
      while (off < end) {
        int used = c.next(data, off, end - off);
        if (used < 0) {
          off = end;
        } else {
          off += used;
          cuts++;
        }
      }
    }
    return cuts + c.finish();
  }

  @Benchmark
  public byte[] sha256Only(Worker w) {
    for (int off = 0; off < data.length; off += 1 << 20) {
      w.sha.update(data, off, Math.min(1 << 20, data.length - off));
    }
    return w.sha.digest();
  }

  @Benchmark
  public HashedContent chunkAndHash(Worker w) throws IOException {
    return w.hasher.hash(new ArrayChannel(data), AudioLayout.whole(data.length), ContentHasher.ReadObserver.NONE);
  }
}
