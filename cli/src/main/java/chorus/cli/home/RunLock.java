package chorus.cli.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one daemon of a device home: an exclusive OS lock on {@value #FILE_NAME}, taken before the daemon
 * opens anything else, so a second {@code chorus run} on the same home stops with a clear message
 * instead of failing halfway (RocksDB's own lock, a port in use) or, worse, sharing the index.
 *
 * <p>The file holds the owner's pid and, once the API is up, its address, for that message. The file is
 * never deleted: a process that opened the old file could otherwise lock an unlinked inode while a third
 * locks a new one. The OS drops the lock when the process dies, also on SIGKILL, so a stale file never
 * blocks a start. A second daemon in the same JVM (tests) is refused the same way.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE_NAME = "run.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the home's run lock, creating the home (mode 0700) if it does not exist yet.
   *
   * @throws HomeInUseException if another daemon holds it
   * @throws IOException if the lock file cannot be opened
   */
  public static RunLock acquire(DeviceHome home) throws IOException {
    IdentityFiles.createHome(home);
    Path file = home.dir().resolve(FILE_NAME);
    FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String owner;
      try {
        owner = Files.readString(file, StandardCharsets.UTF_8).strip();
      } finally {
        channel.close();
      }
      throw new HomeInUseException(home.dir(), owner);
    }
    RunLock held = new RunLock(file, channel, lock);
    try {
      held.describe("pid " + ProcessHandle.current().pid());
    } catch (IOException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /**
   * Who holds the home's run lock right now ({@code pid 1234, API ...}), or empty if no daemon runs. Takes
   * the lock for an instant to find out, and never creates the home or the file.
   */
  public static java.util.Optional<String> holder(DeviceHome home) throws IOException {
    Path file = home.dir().resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return java.util.Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        probe = null;
      }
      if (probe != null) {
        probe.release();
        return java.util.Optional.empty();
      }
      String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
      return java.util.Optional.of(owner.isEmpty() ? "a running chorus" : owner);
    }
  }

  /** Records who holds the lock, e.g. {@code pid 1234, API 127.0.0.1:22201}, for a daemon that is refused. */
  public synchronized void describe(String owner) throws IOException {
    byte[] text = (owner + "\n").getBytes(StandardCharsets.UTF_8);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text), 0);
    channel.force(false);
  }

  public Path file() {
    return file;
  }

  /** Releases the lock (idempotent). What the file says is cleared, so it never names a dead daemon. */
  @Override
  public synchronized void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.truncate(0);
    } catch (IOException e) {
      // The lock goes with the channel anyway; stale text only shows in another daemon's message.
    }
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing is left to do: the OS drops the lock with the descriptor.
    }
  }

  /** Another daemon runs for this home. */
  public static final class HomeInUseException extends IOException {
    private final Path home;

    HomeInUseException(Path home, String owner) {
      super("chorus is already running for home " + home + (owner.isEmpty() ? "" : " (" + owner + ")")
          + "; stop it first or use another CHORUS_HOME");
      this.home = home;
    }

    public Path home() {
      return home;
    }
  }
}
