package chorus.cli.command;

import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.util.Map;

/** What the folder commands need from the device home: the config and one folder of it. */
record FolderContext(DeviceHome home, ChorusConfig config, FolderConfig folder) {
  static FolderContext load(String folderId, Map<String, String> environment) throws IOException {
    DeviceHome home = DeviceHome.resolve(environment);
    ChorusConfig config = new ConfigStore(home.configFile()).load();
    FolderId id;
    try {
      id = FolderId.of(folderId);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage());
    }
    FolderConfig folder = config.folder(id).orElseThrow(() -> new CommandFailure("no folder \"" + folderId
        + "\" in " + home.configFile() + "; configured: "
        + config.folders().stream().map(f -> f.id().value()).toList()));
    return new FolderContext(home, config, folder);
  }
}
