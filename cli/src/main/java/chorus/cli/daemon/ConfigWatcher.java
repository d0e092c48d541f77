package chorus.cli.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Notices that the config file changed on disk ({@code chorus device add}, {@code chorus join} or an
 * editor, while the daemon runs) by comparing its modification time, size and file key (the inode: the
 * config store replaces the file by rename) with what it saw last. The daemon calls {@link #check}
 * every few seconds; a change found runs the reload. Whoever reads the config also takes the baseline
 * ({@link #snapshot} before the first read, {@link #rebase} before a reload), so a change the daemon has
 * already read is not reloaded a second time, and one written after the read is never missed. Not
 * thread-safe: the daemon calls it under its own lock.
 */
final class ConfigWatcher {
  /** What to do when the file changed. */
  @FunctionalInterface
  interface Reload {
    void run() throws IOException;
  }

  /** What the file looked like: null if it did not exist. */
  record Seen(long modifiedNanos, long size, Object fileKey) {}

  private final Path file;
  private final Reload reload;
  private Seen last;

  /** Remembers the file as it is now, so the first check finds no change. */
  ConfigWatcher(Path file, Reload reload) {
    this(file, snapshot(file, null), reload);
  }

  /** Starts from {@code baseline}, taken just before the config was read. */
  ConfigWatcher(Path file, Seen baseline, Reload reload) {
    this.file = Objects.requireNonNull(file, "file");
    this.reload = Objects.requireNonNull(reload, "reload");
    this.last = baseline;
  }

  /** Call just before reading the config outside {@link #check}: what is read then counts as seen. */
  void rebase() {
    last = snapshot(file, last);
  }

  /**
   * Reloads if the file changed since the last check.
   *
   * @return true if it changed
   * @throws IOException from the reload (the change counts as seen: a bad edit is reported once, and the
   *     next edit is picked up)
   */
  boolean check() throws IOException {
    Seen now = look();
    if (Objects.equals(now, last)) {
      return false;
    }
    last = now;
    if (now != null) {
      reload.run();
    }
    return true;
  }

  private Seen look() {
    return snapshot(file, last);
  }

  /** The file as it is now; {@code unreadable} if its attributes cannot be read. */
  static Seen snapshot(Path file, Seen unreadable) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Seen(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return unreadable;
    }
  }
}
