package chorus.fsindex.version;

import chorus.fsindex.scan.InternalFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .chorus-versions/} directory of one folder, and the only code that moves files in and out of
 * it. Every move is a rename ({@link StandardCopyOption#ATOMIC_MOVE}: a move across file systems fails
 * instead of copying), never follows a symbolic link (the file itself is moved as a link; a linked parent
 * directory, on either side, is refused), and keeps the file's bytes and mtime because it is the same
 * inode.
 *
 * <p>Java has no {@code openat}, so a parent swapped for a link between the check and the rename is not
 * caught; the folder's engine is the only writer there, and a local user able to do that can write the
 * folder anyway.
 */
final class VersionsArea {
  private final Path root;
  private final Path versions;

  VersionsArea(Path root) {
    this.root = root;
    this.versions = root.resolve(InternalFiles.VERSIONS_DIR);
  }

  Path folderRoot() {
    return root;
  }

  /**
   * Moves {@code root/path} into the area as its version at {@code time}. Returns the version, or null
   * if there is nothing to keep there (no such file, or a directory).
   */
  StoredVersion moveIn(String path, Instant time) throws IOException {
    checkRelative(path);
    Path source = root.resolve(path);
    if (!checkParentsAreDirectories(root, source.getParent())) {
      return null;
    }
    BasicFileAttributes attrs = attributes(source);
    if (attrs == null || attrs.isDirectory()) {
      return null;
    }
    Path dir = createDirectories(versions, parentOf(path));
    String name = source.getFileName().toString();
    for (int serial = 1; ; serial++) {
      Path target = dir.resolve(VersionName.of(name, time, serial));
      // ATOMIC_MOVE replaces an existing target on Linux, so an existing name is looked for first.
      if (attributes(target) == null) {
        rename(source, target);
        return new StoredVersion(path, time, target);
      }
    }
  }

  /**
   * Moves {@code version} back to {@code root/version.path()}, where nothing may be (the caller has moved
   * the current file away). Returns where it is now.
   */
  Path moveOut(StoredVersion version) throws IOException {
    Path file = checkIsHere(version);
    Path target = root.resolve(version.path());
    Path parent = createDirectories(root, parentOf(version.path()));
    if (attributes(target) != null) {
      throw new FileAlreadyExistsException(target.toString(), null, "is in the way of the restored version");
    }
    rename(file, parent.resolve(target.getFileName()));
    return target;
  }

  /** Every version whose path starts with {@code prefix} (a plain string prefix; "" for all), in {@link StoredVersion#ORDER}. */
  List<StoredVersion> list(String prefix) throws IOException {
    List<StoredVersion> found = new ArrayList<>();
    BasicFileAttributes top = attributes(versions);
    if (top == null) {
      return found;
    }
    if (!top.isDirectory()) {
      throw new FileSystemException(versions.toString(), null, "is not a directory (a symbolic link?); refusing to use it");
    }
    // Walk only the directory the prefix names; a partial last segment is matched by the filter below.
    int slash = prefix.lastIndexOf('/');
    String startDir = slash < 0 ? "" : prefix.substring(0, slash);
    if (!startDir.isEmpty()) {
      checkRelative(startDir);
    }
    Path start = startDir.isEmpty() ? versions : versions.resolve(startDir);
    // parentsAreDirectories checks every level top down, start included, none of them followed.
    if (!parentsAreDirectories(versions, start)) {
      return found;
    }
    collect(start, startDir, prefix, found);
    found.sort(StoredVersion.ORDER);
    return found;
  }

  private void collect(Path dir, String relativeDir, String prefix, List<StoredVersion> into) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String relative = relativeDir.isEmpty() ? name : relativeDir + "/" + name;
        BasicFileAttributes attrs = attributes(entry);
        if (attrs == null) {
          continue; // removed while we looked
        }
        if (attrs.isDirectory()) {
          if (relative.startsWith(prefix) || prefix.startsWith(relative + "/")) {
            collect(entry, relative, prefix, into);
          }
          continue;
        }
        VersionName.Parsed parsed = VersionName.parse(name);
        if (parsed == null) {
          continue; // not a name we write: someone else's file, left alone
        }
        String path = relativeDir.isEmpty() ? parsed.originalName() : relativeDir + "/" + parsed.originalName();
        if (path.startsWith(prefix)) {
          into.add(new StoredVersion(path, parsed.time(), entry));
        }
      }
    }
  }

  /** Deletes a version (a link itself, never what it points to). */
  void delete(StoredVersion version) throws IOException {
    Files.deleteIfExists(checkIsHere(version));
  }

  /** Removes the empty directories of the area below {@code dir} (relative, "" for all), keeping the area itself. */
  void removeEmptyDirectories(String dir) throws IOException {
    Path start = dir.isEmpty() ? versions : versions.resolve(dir);
    BasicFileAttributes attrs = attributes(start);
    if (attrs != null && attrs.isDirectory()) {
      removeEmpty(start);
    }
  }

  /** Removes {@code dir}'s empty subdirectories, and {@code dir} too if it ends up empty and is not the area. */
  private boolean removeEmpty(Path dir) throws IOException {
    boolean empty = true;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        BasicFileAttributes attrs = attributes(entry);
        empty &= attrs != null && attrs.isDirectory() && removeEmpty(entry);
      }
    }
    if (!empty || dir.equals(versions)) {
      return false;
    }
    try {
      Files.delete(dir);
      return true;
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      return false; // a version arrived meanwhile, or someone else removed it
    }
  }

  /** Removes the directories between {@code path}'s versions directory and the area that are now empty. */
  void removeEmptyParents(String path) throws IOException {
    for (String dir = parentOf(path); !dir.isEmpty(); dir = parentOf(dir)) {
      try {
        Files.delete(versions.resolve(dir));
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
    }
  }

  /** {@code version.file()} if it lies where the area puts {@code version.path()}'s versions, and is one. */
  private Path checkIsHere(StoredVersion version) throws IOException {
    checkRelative(version.path());
    Path file = version.file();
    Path expectedDir = versions.resolve(parentOf(version.path()));
    Path name = file.getFileName();
    VersionName.Parsed parsed = name == null ? null : VersionName.parse(name.toString());
    String originalName = Path.of(version.path()).getFileName().toString();
    if (parsed == null || !expectedDir.equals(file.getParent()) || !parsed.originalName().equals(originalName)) {
      throw new FileSystemException(file.toString(), null, "is not a version of " + version.path() + " in " + versions);
    }
    BasicFileAttributes attrs = checkParentsAreDirectories(root, file.getParent()) ? attributes(file) : null;
    if (attrs == null) {
      throw new NoSuchFileException(file.toString());
    }
    if (attrs.isDirectory()) {
      throw new FileSystemException(file.toString(), null, "is a directory, not a version");
    }
    return file;
  }

  /** Creates {@code base/relativeDir} one level at a time, refusing a level that is a link or a file. */
  private static Path createDirectories(Path base, String relativeDir) throws IOException {
    Path dir = base;
    List<String> levels = new ArrayList<>();
    if (base.getFileName() != null && base.getFileName().toString().equals(InternalFiles.VERSIONS_DIR)) {
      dir = base.getParent();
      levels.add(InternalFiles.VERSIONS_DIR);
    }
    if (!relativeDir.isEmpty()) {
      levels.addAll(List.of(relativeDir.split("/")));
    }
    for (String level : levels) {
      dir = dir.resolve(level);
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        BasicFileAttributes attrs = attributes(dir);
        if (attrs == null || !attrs.isDirectory()) {
          throw new FileSystemException(dir.toString(), null,
              attrs != null && attrs.isSymbolicLink() ? "is a symbolic link; refusing to follow it"
                  : "is not a directory");
        }
      }
    }
    return dir;
  }

  /**
   * Checks the directories from {@code base} (exclusive) down to {@code dir}, top down (a lower level is
   * only looked at once the one above it is known not to be a link): refuses a link or a file among them,
   * returns false if one is missing.
   */
  private static boolean checkParentsAreDirectories(Path base, Path dir) throws IOException {
    if (dir == null || !dir.startsWith(base)) {
      throw new IllegalArgumentException(dir + " is not inside " + base);
    }
    Path d = base;
    for (Path level : base.relativize(dir)) {
      if (level.toString().isEmpty()) {
        continue; // dir == base
      }
      d = d.resolve(level);
      BasicFileAttributes attrs = attributes(d);
      if (attrs == null) {
        return false;
      }
      if (attrs.isSymbolicLink()) {
        throw new FileSystemException(d.toString(), null, "is a symbolic link; refusing to follow it");
      }
      if (!attrs.isDirectory()) {
        throw new FileSystemException(d.toString(), null, "is not a directory");
      }
    }
    return true;
  }

  private static boolean parentsAreDirectories(Path base, Path dir) {
    try {
      return checkParentsAreDirectories(base, dir);
    } catch (IOException e) {
      return false;
    }
  }

  private static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file's own attributes (a link's, not its target's), or null if there is nothing there. */
  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** A relative, {@code /}-separated path with no empty, {@code .} or {@code ..} segment, outside the area. */
  static void checkRelative(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("not a relative file path: \"" + path + "\"");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not a relative file path: \"" + path + "\"");
      }
    }
    if (path.equals(InternalFiles.VERSIONS_DIR) || path.startsWith(InternalFiles.VERSIONS_DIR + "/")) {
      throw new IllegalArgumentException("\"" + path + "\" is inside " + InternalFiles.VERSIONS_DIR);
    }
  }
}
