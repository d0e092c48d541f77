package chorus.cli.config;

import chorus.core.config.DeviceConfig;
import chorus.core.id.DeviceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A separate JVM that adds devices to a config, for the cross-process locking test. */
public final class ConfigEditorProcess {
  private ConfigEditorProcess() {}

  /** Args: config file, number of devices to add, random seed. */
  public static void main(String[] args) throws Exception {
    ConfigStore store = new ConfigStore(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    Random random = new Random(Long.parseLong(args[2]));
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      DeviceId id = DeviceId.ofBytes(raw);
      store.edit(c -> c.withDevice(new DeviceConfig(id, "", List.of(), List.of())));
    }
  }
}
