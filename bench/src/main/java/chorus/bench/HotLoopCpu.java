package chorus.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The chunker's hot loops measured in CPU time of the measuring thread rather than wall time, so that the
 * figure means something on a machine shared with other jobs: MB hashed per CPU-second for the gear-hash
 * cut search, SHA-256, and both as the scanner runs them (same code as {@link ChunkerBenchmark}).
 * Reports the median of ROUNDS passes over 32 MB after warm-up. Usage: {@code HotLoopCpu [ROUNDS]}.
 */
public final class HotLoopCpu {
  private HotLoopCpu() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    ChunkerBenchmark b = new ChunkerBenchmark();
    b.setUp();
    ChunkerBenchmark.Worker w = new ChunkerBenchmark.Worker();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String[] names = {"gear cut search", "sha-256", "chunk+hash"};
    double[][] rates = new double[3][rounds];
    for (int r = -5; r < rounds; r++) {
      for (int k = 0; k < 3; k++) {
        long t0 = mx.getCurrentThreadCpuTime();
        switch (k) {
          case 0 -> b.gearCutsOnly();
          case 1 -> b.sha256Only(w);
          default -> b.chunkAndHash(w);
        }
        long cpu = mx.getCurrentThreadCpuTime() - t0;
        if (r >= 0) {
          rates[k][r] = ChunkerBenchmark.SIZE / 1e6 / (cpu / 1e9);
        }
      }
    }
    for (int k = 0; k < 3; k++) {
      Arrays.sort(rates[k]);
      System.out.printf(Locale.ROOT, "%-16s median %6.0f MB per CPU-second (min %.0f, max %.0f)%n", names[k],
          rates[k][rounds / 2], rates[k][0], rates[k][rounds - 1]);
    }
  }
}
