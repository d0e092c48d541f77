package chorus.fsindex.pull;

import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import chorus.core.sync.Resolution;
import java.util.Objects;

/**
 * One path to bring to the cluster's version.
 *
 * @param observed this device's record when the resolution was made (null if none): the disk must still
 *     match it, and the index must still hold it when the result is committed
 * @param origin the peer whose version is applied (for the change feed)
 */
public record PullTask(String path, Resolution resolution, FileRecord observed, DeviceId origin) {
  public PullTask {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(origin, "origin");
    if (!resolution.needed() || !resolution.target().path().equals(path)) {
      throw new IllegalArgumentException("a pull task needs a resolution with a target for " + path);
    }
  }

  public FileRecord target() {
    return resolution.target();
  }
}
