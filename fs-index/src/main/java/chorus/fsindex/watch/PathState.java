package chorus.fsindex.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What {@code lstat} says about a path, enough to tell whether a writer is still at work: existence,
 * type, size, mtime and file key (device and inode). {@link #MISSING} for a path that is not there.
 */
record PathState(boolean exists, boolean directory, long size, long mtimeNanos, Object fileKey) {
  static final PathState MISSING = new PathState(false, false, -1, 0, null);
  /** The path could not be examined (e.g. permission denied). */
  static final PathState UNKNOWN = new PathState(false, false, -2, 0, null);

  static PathState of(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      return new PathState(true, a.isDirectory(), a.size(), mtime, a.fileKey());
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException | SecurityException e) {
      return UNKNOWN;
    }
  }
}
