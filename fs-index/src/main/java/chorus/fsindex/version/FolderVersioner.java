package chorus.fsindex.version;

import chorus.core.config.VersioningConfig;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Versioner} over a folder's {@link VersionsArea} and its scheme's {@link RetentionPolicy}. */
final class FolderVersioner implements Versioner {
  private final VersionsArea area;
  private final boolean enabled;
  private final RetentionPolicy policy;
  private final Clock clock;

  FolderVersioner(Path root, VersioningConfig config, Clock clock) {
    this.area = new VersionsArea(Objects.requireNonNull(root, "root"));
    this.enabled = config.type() != VersioningConfig.Type.OFF;
    this.policy = RetentionPolicy.of(config);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean archive(String path) throws IOException {
    if (!enabled) {
      VersionsArea.checkRelative(path);
      return false;
    }
    StoredVersion kept = area.moveIn(path, now());
    if (kept == null) {
      return false;
    }
    trim(area.list(path).stream().filter(v -> v.path().equals(path)).toList());
    area.removeEmptyParents(path);
    return true;
  }

  @Override
  public void clean() throws IOException {
    List<StoredVersion> all = area.list("");
    List<StoredVersion> samePath = new ArrayList<>();
    for (StoredVersion v : all) { // sorted by path, so one path's versions are together
      if (!samePath.isEmpty() && !samePath.get(0).path().equals(v.path())) {
        trim(samePath);
        samePath.clear();
      }
      samePath.add(v);
    }
    trim(samePath);
    area.removeEmptyDirectories("");
  }

  @Override
  public List<StoredVersion> list(String pathOrPrefix) throws IOException {
    return area.list(pathOrPrefix);
  }

  @Override
  public Path restore(StoredVersion version) throws IOException {
    VersionsArea.checkRelative(version.path());
    // Checked before the current file is moved away, so a wrong argument leaves the folder as it was.
    if (!area.list(version.path()).contains(version)) {
      throw new FileSystemException(version.file().toString(), null,
          "is not a kept version of " + version.path());
    }
    Instant now = now();
    StoredVersion current = area.moveIn(version.path(), now);
    Path target = area.folderRoot().resolve(version.path());
    if (current == null && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileSystemException(target.toString(), null, "is a directory; move it away to restore the file");
    }
    Path restored = area.moveOut(version);
    area.removeEmptyParents(version.path());
    return restored;
  }

  private void trim(List<StoredVersion> versionsOfOnePath) throws IOException {
    if (versionsOfOnePath.isEmpty()) {
      return;
    }
    for (StoredVersion v : policy.toRemove(versionsOfOnePath, clock.instant())) {
      area.delete(v);
    }
  }

  /** Names carry whole seconds, so a version's time is what its name will say. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
