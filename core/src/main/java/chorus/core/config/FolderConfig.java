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
 */
public record FolderConfig(FolderId id, String path, FolderType type, List<DeviceId> sharedWith) {
  public FolderConfig {
    Objects.requireNonNull(id, "folder id");
    Objects.requireNonNull(path, "folder path");
    type = type == null ? FolderType.SEND_RECEIVE : type;
    sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
  }

  /** This folder also shared with {@code device} (the same folder if it already is). */
  public FolderConfig sharedAlsoWith(DeviceId device) {
    if (sharedWith.contains(device)) {
      return this;
    }
    List<DeviceId> with = new ArrayList<>(sharedWith);
    with.add(device);
    return new FolderConfig(id, path, type, with);
  }

  /** This folder no longer shared with {@code device}. */
  public FolderConfig notSharedWith(DeviceId device) {
    return new FolderConfig(id, path, type, sharedWith.stream().filter(d -> !d.equals(device)).toList());
  }
}
