package chorus.fsindex.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test support for ctime tests on real files. */
public final class CtimeTicks {
  private CtimeTicks() {}

  /**
   * Waits until the file system's clock for ctimes has moved past the newest ctime in {@code dir} (most
   * kernels stamp ctimes from a coarse clock, a few milliseconds a tick), so that a change made next gets
   * a ctime no earlier record can have. Returns at once in practice; never asserts anything about time.
   */
  public static void waitForNextCtimeTick(Path dir) throws Exception {
    long newest = 0;
    try (var s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        newest = Math.max(newest, FileStat.lstat(p).ctimeNs());
      }
    }
    Path probe = dir.resolveSibling(".ctime-probe");
    try {
      while (true) {
        Files.write(probe, new byte[1]);
        if (FileStat.lstat(probe).ctimeNs() > newest) {
          return;
        }
        Thread.sleep(1);
      }
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
