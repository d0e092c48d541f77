package chorus.cli.config;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Checks a whole config for what single fields cannot: duplicates and references. */
final class ConfigValidator {
  private ConfigValidator() {}

  static void validate(ChorusConfig config, Path file) throws ConfigException {
    if (config.apiKey().length() < 16) {
      throw new ConfigException(file + ": apiKey is too short (at least 16 characters)");
    }
    Set<DeviceId> devices = new HashSet<>();
    for (int i = 0; i < config.devices().size(); i++) {
      DeviceConfig d = config.devices().get(i);
      if (!devices.add(d.id())) {
        throw new ConfigException(file + ": devices[" + i + "]: device " + d.id() + " is listed twice");
      }
    }
    Set<FolderId> folders = new HashSet<>();
    Set<Path> paths = new HashSet<>();
    for (int i = 0; i < config.folders().size(); i++) {
      FolderConfig f = config.folders().get(i);
      if (!folders.add(f.id())) {
        throw new ConfigException(file + ": folders[" + i + "]: folder \"" + f.id() + "\" is listed twice");
      }
      if (!Path.of(f.path()).isAbsolute()) {
        throw new ConfigException(file + ": folders[" + i + "].path: \"" + f.path() + "\" is not an absolute path");
      }
      if (!paths.add(Path.of(f.path()).normalize())) {
        throw new ConfigException(file + ": folders[" + i + "].path: \"" + f.path() + "\" is used by another folder");
      }
      for (DeviceId shared : f.sharedWith()) {
        if (!devices.contains(shared)) {
          throw new ConfigException(file + ": folders[" + i + "].sharedWith: device " + shared
              + " is not in devices; add it with 'chorus device add' first");
        }
      }
    }
  }
}
