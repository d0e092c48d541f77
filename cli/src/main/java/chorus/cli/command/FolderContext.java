package chorus.cli.command;

import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import java.io.IOException;

/** What the folder commands need from the device home: one folder of its config. */
record FolderContext(DeviceHome home, FolderConfig folder) {
  static FolderContext load(DeviceHome home, FolderId id) throws IOException {
    ChorusConfig config = new ConfigStore(home.configFile()).load();
    FolderConfig folder = config.folder(id).orElseThrow(() -> new CommandFailure("no folder \"" + id
        + "\" in " + home.configFile() + "; configured: "
        + config.folders().stream().map(f -> f.id().value()).toList()));
    return new FolderContext(home, folder);
  }
}
