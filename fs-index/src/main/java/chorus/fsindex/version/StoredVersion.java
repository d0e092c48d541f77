package chorus.fsindex.version;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One kept version of a file.
 *
 * @param path the file's relative path in the folder ({@code /}-separated), where {@link Versioner#restore}
 *     puts it back
 * @param versionTime when it was archived (to the second: the time in its name)
 * @param file where it lies now, inside the versions area
 */
public record StoredVersion(String path, Instant versionTime, Path file) {
  /**
   * By path, then oldest first. Two versions archived in the same second are ordered by their collision
   * suffix ({@code -2}, {@code -3}, ...), which is counted up in archive order.
   */
  public static final Comparator<StoredVersion> ORDER = Comparator.comparing(StoredVersion::path)
      .thenComparing(StoredVersion::versionTime)
      .thenComparingInt(StoredVersion::serial);

  public StoredVersion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(versionTime, "versionTime");
    Objects.requireNonNull(file, "file");
  }

  /** The version's time as it appears in its name and in {@code chorus versions restore --at}. */
  public String tag() {
    return VersionName.TAG.format(versionTime);
  }

  /** 1 for the first version archived in its second, then 2, 3, ... */
  int serial() {
    Path name = file.getFileName();
    VersionName.Parsed p = name == null ? null : VersionName.parse(name.toString());
    return p == null ? 1 : p.serial();
  }
}
