package chorus.transport.pairing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion for a read-modify-write of a small file shared between the daemon and CLI commands:
 * an in-process lock (file locks are per process, and a second lock in the same JVM throws) plus an
 * exclusive OS lock on the hidden sibling {@code .NAME.lock} (the config store's convention).
 */
public final class FileMutex {
  private static final ConcurrentMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private FileMutex() {}

  /** Work done while holding the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} holding the lock for {@code file} (the lock file is {@code .NAME.lock} beside it). */
  public static <T> T withLock(Path file, Work<T> work) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(absolute, p -> new ReentrantLock());
    local.lock();
    try {
      if (local.getHoldCount() > 1) {
        return work.run();
      }
      Path lockFile = absolute.resolveSibling("." + absolute.getFileName() + ".lock");
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        try {
          return work.run();
        } finally {
          lock.release();
        }
      }
    } finally {
      local.unlock();
    }
  }
}
