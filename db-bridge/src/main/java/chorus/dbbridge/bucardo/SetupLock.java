package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One actor on Bucardo at a time: apply holds it for the whole run, the watchdog for a restart, so the
 * watchdog never starts Bucardo in the middle of an apply (it would race apply's own start). An OS lock on
 * {@code dir/apply.lock}: it spans processes, and goes with the process.
 */
final class SetupLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SetupLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, waiting up to {@code wait}; null when it is still held by someone else then. */
  static SetupLock acquire(BucardoSetup setup, Duration wait) throws IOException {
    Files.createDirectories(setup.dir());
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      FileChannel ch = FileChannel.open(setup.dir().resolve("apply.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      try {
        FileLock l = ch.tryLock();
        if (l != null) {
          return new SetupLock(ch, l);
        }
      } catch (OverlappingFileLockException e) {
        // held in this JVM (a test's daemon and its CLI): the same as held by another process
      }
      ch.close();
      if (System.nanoTime() >= deadline) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + setup.dir().resolve("apply.lock"), e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
