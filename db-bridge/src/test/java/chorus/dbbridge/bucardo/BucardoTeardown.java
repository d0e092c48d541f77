package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stops a test's Bucardo for good: a graceful {@code bucardo stop} (bucardo.md G7: only a stop file, the
 * processes exit within 1-2 s), 10 s for them to go, then a kill for whatever a pid file still names
 * (zombies are PID 1's to reap: G6). Never throws: it runs in finally blocks.
 */
public final class BucardoTeardown {
  private BucardoTeardown() {}

  public static void stop(BucardoSetup setup) {
    if (setup == null || !Files.isRegularFile(setup.rcFile())) {
      return;
    }
    BucardoCli cli = new BucardoCli(setup);
    try {
      cli.run(List.of("stop", "test teardown"));
    } catch (IOException | RuntimeException e) {
      System.err.println("BucardoTeardown: bucardo stop: " + e.getMessage());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<Path> alive = alive(setup);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      alive = alive(setup);
    }
    for (Path p : alive) {
      try {
        String first = Files.readAllLines(p).stream().findFirst().orElse("").trim();
        ProcessHandle.of(Long.parseLong(first)).ifPresent(h -> {
          System.err.println("BucardoTeardown: killing leftover " + p.getFileName() + " pid " + first);
          h.destroyForcibly();
        });
      } catch (IOException | RuntimeException e) {
        System.err.println("BucardoTeardown: " + p + ": " + e.getMessage());
      }
    }
  }

  private static List<Path> alive(BucardoSetup setup) {
    try (Stream<Path> files = Files.list(setup.runDir())) {
      return files.filter(f -> f.toString().endsWith(".pid") && BucardoState.alive(f)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
