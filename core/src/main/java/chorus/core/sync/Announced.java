package chorus.core.sync;

import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import java.util.Objects;

/** A record of one path as one peer announced it. */
public record Announced(DeviceId device, FileRecord record) {
  public Announced {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(record, "record");
  }
}
