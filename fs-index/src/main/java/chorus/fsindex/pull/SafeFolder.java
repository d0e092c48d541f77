package chorus.fsindex.pull;

import chorus.core.model.RelativePath;
import chorus.fsindex.store.FileStat;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The folder root as the engine writes into it: every path is resolved one component at a time from
 * the root without following symlinks, so a symlink made by a peer (or anyone) can never lead a write out
 * of the folder. Each parent must be a real directory; a missing one is created when asked.
 *
 * <p>What is left: a local process that swaps a directory for a symlink between the check and the write
 * could still redirect one write. That needs a local attacker with write access to the folder, who could
 * write there anyway; peers cannot do it, because the engine never follows a link it made.
 */
public final class SafeFolder {
  private final Path root;

  public SafeFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The directory {@code relDir} ("" for the root), checked component by component.
   *
   * @param create create missing directories (mode from the umask)
   * @throws UnsafePathException if a component is a symlink or not a directory
   */
  public Path directory(String relDir, boolean create) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "the folder root is missing or not a directory");
    }
    Path current = root;
    if (relDir.isEmpty()) {
      return current;
    }
    RelativePath.requireValid(relDir);
    for (String part : relDir.split("/")) {
      current = current.resolve(part);
      BasicFileAttributes a = attributes(current);
      if (a == null) {
        if (!create) {
          throw new NoSuchFileException(current.toString());
        }
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException e) {
          // made meanwhile: checked below like any other
        }
        a = attributes(current);
        if (a == null) {
          throw new NoSuchFileException(current.toString());
        }
      }
      if (a.isSymbolicLink()) {
        throw new UnsafePathException(relative(current) + " is a symlink; nothing is written through it");
      }
      if (!a.isDirectory()) {
        throw new UnsafePathException(relative(current) + " is not a directory");
      }
    }
    return current;
  }

  /** The path of {@code rel} after checking its parents (created if {@code createParents}). */
  public Path file(String rel, boolean createParents) throws IOException {
    RelativePath.requireValid(rel);
    return directory(RelativePath.parent(rel), createParents).resolve(RelativePath.name(rel));
  }

  /** The lstat of {@code rel} (parents checked, never followed), or null if nothing is there. */
  public FileStat lstat(String rel) throws IOException {
    try {
      return FileStat.lstat(file(rel, false));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private String relative(Path p) {
    return root.relativize(p).toString();
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
