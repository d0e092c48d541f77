package chorus.fsindex.watch;

import chorus.fsindex.ignore.IgnoreMatcher;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * Measures the time from a writer closing a file to the watcher delivering it (not a test: run by
 * hand, see docs/ARCHITECTURE.md). Arguments: [writes (50)] [quiet ms (200)]. Each write is a new
 * 1 MiB file written in 64 KiB pieces; the next starts once the previous was delivered.
 */
public final class WatchLatencyMain {
  private WatchLatencyMain() {}

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Duration quiet = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 200);
    Path root = Files.createTempDirectory("chorus-latency");
    RecordingSink sink = new RecordingSink(root);
    WatchOptions options = WatchOptions.DEFAULTS.withQuiet(quiet);
    byte[] piece = new byte[64 * 1024];
    new Random(1).nextBytes(piece);
    long[] micros = new long[writes];
    try (FolderWatcher w = FolderWatcher.start("latency", root, IgnoreMatcher.internalOnly(), sink, options,
        System::nanoTime, new Random(), System.err::println)) {
      System.out.println("watching " + w);
      for (int i = 0; i < writes; i++) {
        String name = "Artist/Album/" + String.format("%02d", i) + " Track.flac";
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          for (int k = 0; k < 16; k++) {
            out.write(piece);
          }
        }
        long closedAt = System.nanoTime();
        sink.awaitDelivered(name);
        long deliveredAt = sink.deliveriesOf(name).get(0).nanoTime();
        micros[i] = (deliveredAt - closedAt) / 1_000;
      }
    } finally {
      try (var walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    System.out.printf("quiet %d ms, %d writes: close-to-delivery median %.1f ms, p10 %.1f ms, p90 %.1f ms,"
            + " min %.1f ms, max %.1f ms%n", quiet.toMillis(), writes, sorted[writes / 2] / 1e3,
        sorted[writes / 10] / 1e3, sorted[writes * 9 / 10] / 1e3, sorted[0] / 1e3, sorted[writes - 1] / 1e3);
  }
}
