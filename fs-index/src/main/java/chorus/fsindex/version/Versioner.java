package chorus.fsindex.version;

import chorus.core.config.VersioningConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What one folder keeps of the files that sync replaces or deletes, in {@code .chorus-versions/} inside
 * the folder. Paths are relative to the folder root and {@code /}-separated.
 *
 * <p>Not thread-safe across calls on the same path: the folder's sync engine calls it from its one thread;
 * {@code chorus versions restore} may run beside it, which at worst leaves one more version than the
 * scheme wants until the next {@link #clean()}.
 */
public interface Versioner {
  /**
   * Moves the file or symbolic link at {@code path} into the versions area, named with the current time,
   * then trims that path's versions by the folder's scheme.
   *
   * @return true if the file was moved (the caller then writes the new file, or records the delete, with
   *     nothing in the way); false if nothing was done: versioning is off, there is no file there, or it
   *     is a directory (directories are not archived). The caller then replaces or deletes as usual.
   * @throws java.nio.file.FileSystemException if a parent directory on either side is a symbolic link
   *     (nothing is moved), or the rename fails (e.g. across file systems: a version is never a copy)
   */
  boolean archive(String path) throws IOException;

  /** Applies the scheme to every path in the versions area and removes the directories left empty there. */
  void clean() throws IOException;

  /**
   * The kept versions of the paths that start with {@code pathOrPrefix} (a plain string prefix, as in
   * {@code chorus index ls}; "" for all), by path, oldest first.
   */
  List<StoredVersion> list(String pathOrPrefix) throws IOException;

  /**
   * Puts {@code version} back at its path (creating its directories). A file there now is archived first,
   * whatever the scheme, so nothing is lost; the scheme trims it at the next {@link #clean()}. The restored
   * file keeps its bytes and mtime (it is renamed, not copied).
   *
   * @return the restored file
   */
  Path restore(StoredVersion version) throws IOException;

  /** The versioner for the folder at {@code root}; {@code clock} names the versions and ages them. */
  static Versioner forFolder(Path root, VersioningConfig config, Clock clock) {
    return new FolderVersioner(root, config, clock);
  }
}
