package chorus.cli.engine;

import chorus.core.config.FolderConfig;
import chorus.fsindex.scan.InternalFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The checks that stop a folder before it does harm. The marker {@code .chorus-folder} in the root: an
 * unmounted disk leaves an empty mount point, which a scan would turn into "everything was deleted" and
 * send to every peer; without the marker the folder neither scans nor syncs. Free space: below the
 * folder's threshold nothing more is pulled, so a full disk never leaves half-written files behind.
 *
 * <p>The marker is written by {@code chorus folder add}, and at start for a folder that never had one (one
 * added before markers existed); whether a folder's marker was ever written is remembered in the device
 * home, so a marker that goes missing later stops the folder instead of being silently made again.
 */
public final class FolderGuard {
  private final FolderConfig folder;
  private final Path root;
  private final Path writtenFlag;

  /** @param stateDir a directory of the device home where the guard remembers written markers */
  public FolderGuard(FolderConfig folder, Path stateDir) {
    this.folder = folder;
    this.root = Path.of(folder.path());
    this.writtenFlag = stateDir.resolve(folder.id().value() + ".marker-written");
  }

  public Path marker() {
    return root.resolve(InternalFiles.FOLDER_MARKER);
  }

  /** Writes the marker of a folder that never had one; leaves a folder whose marker went missing stopped. */
  public void ensureMarker() throws IOException {
    if (Files.exists(marker(), LinkOption.NOFOLLOW_LINKS)) {
      remember();
      return;
    }
    if (Files.exists(writtenFlag) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return; // it was there once: its absence is news the user must see
    }
    write(root);
    remember();
  }

  /** Creates the marker in a folder root (for {@code chorus folder add}). */
  public static void write(Path root) throws IOException {
    Path m = root.resolve(InternalFiles.FOLDER_MARKER);
    if (!Files.exists(m, LinkOption.NOFOLLOW_LINKS)) {
      Files.write(m, ("chorus folder marker: its absence stops this folder (an unmounted disk must not look"
          + " like deleted files)\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private void remember() throws IOException {
    if (!Files.exists(writtenFlag)) {
      Files.createDirectories(writtenFlag.getParent());
      Files.write(writtenFlag, new byte[0]);
    }
  }

  /** Why the folder must not scan (marker missing), or null. */
  public String scanStop() {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return "the folder path " + root + " is missing or not a directory (is the disk mounted?)";
    }
    if (!Files.exists(marker(), LinkOption.NOFOLLOW_LINKS)) {
      return "the folder marker " + marker() + " is missing: is the disk mounted? If the folder really is"
          + " this directory, create the marker (touch '" + marker() + "') and chorus resumes";
    }
    return null;
  }

  /** Why the folder must not pull (marker missing, or disk nearly full), or null. */
  public String pullStop() {
    String s = scanStop();
    if (s != null) {
      return s;
    }
    try {
      FileStore store = Files.getFileStore(root);
      long total = store.getTotalSpace();
      long free = store.getUsableSpace();
      if (total > 0 && free * 100.0 / total < folder.minFreePercent()) {
        return String.format("only %.2f %% of the disk of %s is free (the folder stops below %.2f %%; free space"
            + " or lower it with chorus folder set %s --min-free-percent P)", free * 100.0 / total, root,
            folder.minFreePercent(), folder.id());
      }
    } catch (IOException e) {
      return "the free space of " + root + " cannot be read: " + e.getMessage();
    }
    return null;
  }

  /** True if pulling {@code bytes} more would take the disk below the threshold. */
  public boolean wouldFill(long bytes) {
    try {
      FileStore store = Files.getFileStore(root);
      long total = store.getTotalSpace();
      return total > 0 && (store.getUsableSpace() - bytes) * 100.0 / total < folder.minFreePercent();
    } catch (IOException e) {
      return true;
    }
  }
}
