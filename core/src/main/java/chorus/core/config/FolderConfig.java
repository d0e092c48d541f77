package chorus.core.config;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder this device syncs.
 *
 * @param path absolute path of the folder root on this device
 * @param sharedWith the devices this folder is exchanged with
 * @param versioning what is kept of files that sync replaces or deletes (null: off)
 * @param minFreePercent the folder stops when the free space of its disk falls below this share
 *     (null: {@link #DEFAULT_MIN_FREE_PERCENT})
 */
public record FolderConfig(FolderId id, String path, FolderType type, List<DeviceId> sharedWith,
    VersioningConfig versioning, Double minFreePercent) {
  /** Syncthing's default too: a full disk corrupts more than it stops. */
  public static final double DEFAULT_MIN_FREE_PERCENT = 1.0;

  public FolderConfig {
    Objects.requireNonNull(id, "folder id");
    Objects.requireNonNull(path, "folder path");
    type = type == null ? FolderType.SEND_RECEIVE : type;
    sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
    versioning = versioning == null ? VersioningConfig.OFF : versioning;
    minFreePercent = minFreePercent == null ? DEFAULT_MIN_FREE_PERCENT : minFreePercent;
    if (minFreePercent.isNaN() || minFreePercent < 0 || minFreePercent >= 100) {
      throw new IllegalArgumentException("minFreePercent must be in 0..100, got " + minFreePercent);
    }
  }

  /** A folder with default versioning (off) and free-space threshold. */
  public FolderConfig(FolderId id, String path, FolderType type, List<DeviceId> sharedWith) {
    this(id, path, type, sharedWith, null, null);
  }

  public FolderConfig withVersioning(VersioningConfig newVersioning) {
    return new FolderConfig(id, path, type, sharedWith, newVersioning, minFreePercent);
  }

  public FolderConfig withMinFreePercent(double percent) {
    return new FolderConfig(id, path, type, sharedWith, versioning, percent);
  }

  public FolderConfig withType(FolderType newType) {
    return new FolderConfig(id, path, newType, sharedWith, versioning, minFreePercent);
  }

  /** This folder also shared with {@code device} (the same folder if it already is). */
  public FolderConfig sharedAlsoWith(DeviceId device) {
    if (sharedWith.contains(device)) {
      return this;
    }
    List<DeviceId> with = new ArrayList<>(sharedWith);
    with.add(device);
    return new FolderConfig(id, path, type, with, versioning, minFreePercent);
  }

  /** This folder no longer shared with {@code device}. */
  public FolderConfig notSharedWith(DeviceId device) {
    return new FolderConfig(id, path, type, sharedWith.stream().filter(d -> !d.equals(device)).toList(), versioning,
        minFreePercent);
  }
}
