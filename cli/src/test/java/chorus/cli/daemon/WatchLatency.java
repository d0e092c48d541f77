package chorus.cli.daemon;

import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A measuring tool, not a test: how long after a small file's writer closes it the file is in the index,
 * through the daemon's watcher and {@link FolderScanService} on a real temp folder and index. Each file
 * is written after the previous one is indexed and a pause longer than the watcher's quiet interval, so
 * every figure is one change on its own. Usage: {@code WatchLatency [COUNT [BYTES]]} (defaults 50, 10000).
 */
public final class WatchLatency {
  private WatchLatency() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path tmp = Files.createTempDirectory("chorus-watch-latency");
    Path music = Files.createDirectories(tmp.resolve("music/Artist/Album")).getParent().getParent();
    double[] ms = new double[count];
    try (RocksIndex index = RocksIndex.open(tmp.resolve("index"))) {
      FolderIndex folder = index.folder(FolderId.of("music"));
      FolderConfig config = new FolderConfig(FolderId.of("music"), music.toString(), FolderType.SEND_RECEIVE, List.of());
      try (FolderScanService service = new FolderScanService(config, folder, new ShortId(1), Clock.systemUTC())) {
        service.start();
        while (service.lastReport() == null) {
          Thread.sleep(10);
        }
        byte[] content = new byte[bytes];
        for (int i = 0; i < count; i++) {
          String rel = String.format(Locale.ROOT, "Artist/Album/%03d Track.flac", i);
          content[0] = (byte) i;
          Files.write(music.resolve(rel), content); // returns after the file is closed
          long closed = System.nanoTime();
          while (folder.stat(rel).isEmpty()) {
            LockSupport.parkNanos(100_000);
          }
          ms[i] = (System.nanoTime() - closed) / 1e6;
          Thread.sleep(400);
        }
      }
    } finally {
      try (var walk = Files.walk(tmp)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%d files of %d bytes: close -> indexed median %.1f ms, p10 %.1f, p90 %.1f, "
        + "min %.1f, max %.1f%n", count, bytes, sorted[count / 2], sorted[count / 10], sorted[count * 9 / 10],
        sorted[0], sorted[count - 1]);
    System.out.println("all (ms, in order): " + Arrays.toString(Arrays.stream(ms).map(v -> Math.round(v * 10) / 10.0).toArray()));
  }
}
