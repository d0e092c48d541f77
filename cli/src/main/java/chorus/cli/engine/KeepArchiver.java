package chorus.cli.engine;

import chorus.fsindex.pull.Archiver;
import chorus.fsindex.pull.SafeFolder;
import chorus.fsindex.scan.InternalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Moves a file into the folder's versions area whatever the folder's versioning says: what a revert
 * takes away from a receive-only folder (local changes and additions) is kept there, never deleted.
 * Names follow the versions area's form, {@code path~YYYYMMDD-HHMMSS}.
 */
public final class KeepArchiver implements Archiver {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private final SafeFolder folder;
  private final Clock clock;

  public KeepArchiver(Path root, Clock clock) {
    this.folder = new SafeFolder(root);
    this.clock = clock;
  }

  @Override
  public boolean archive(String path) throws IOException {
    Path from = folder.file(path, false);
    if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    String name = path + "~" + STAMP.format(clock.instant());
    Path to = folder.file(InternalFiles.VERSIONS_DIR + "/" + name, true);
    for (int n = 1; Files.exists(to, LinkOption.NOFOLLOW_LINKS); n++) {
      to = folder.file(InternalFiles.VERSIONS_DIR + "/" + name + "-" + n, true);
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }
}
