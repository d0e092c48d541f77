package chorus.fsindex.pull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a group of written files durable together. Forcing each file on its own costs a journal commit
 * per file: measured here, 100k small files spent most of their pull in {@code fsync}, at about 1,500
 * files/s with 32 at once. Linux's {@code syncfs(2)} makes everything written to one file system durable
 * in one call, but the JDK has no way to call it; coreutils' {@code sync -f PATH} does exactly that, so a
 * group of hundreds of files costs one short-lived process. Where that fails (no such tool, another OS),
 * each file is forced as before: slower, never less safe.
 */
final class Durability {
  private static final Logger log = LoggerFactory.getLogger(Durability.class);
  private static volatile boolean syncfsWorks = !"false".equals(System.getProperty("chorus.syncfs"));
  /** Forces run side by side: the file system folds concurrent fsyncs into few journal commits. */
  private static final java.util.concurrent.ExecutorService FORCERS = java.util.concurrent.Executors.newFixedThreadPool(
      64, r -> {
        Thread t = new Thread(r, "chorus-fsync");
        t.setDaemon(true);
        return t;
      });

  private Durability() {}

  /** Makes {@code files} (all on the file system of {@code root}) durable, with their data and sizes. */
  static void syncAll(Path root, Collection<Path> files) throws IOException {
    if (files.isEmpty()) {
      return;
    }
    if (files.size() > 1 && syncfsWorks && syncfs(root)) {
      return;
    }
    List<java.util.concurrent.Future<?>> forced = new java.util.ArrayList<>(files.size());
    for (Path f : files) {
      forced.add(FORCERS.submit(() -> {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        return null;
      }));
    }
    for (java.util.concurrent.Future<?> f : forced) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while making files durable", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
    }
  }

  /** Makes the whole file system of {@code path} durable (renames and directories included). */
  static boolean syncFileSystem(Path path) {
    return syncfsWorks && syncfs(path);
  }

  private static boolean syncfs(Path path) {
    try {
      Process p = new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() == 0) {
        return true;
      }
      log.info("'sync -f' failed (exit {}); files are forced one by one", p.exitValue());
    } catch (IOException e) {
      log.info("'sync -f' cannot be run ({}); files are forced one by one", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    syncfsWorks = false;
    return false;
  }
}
