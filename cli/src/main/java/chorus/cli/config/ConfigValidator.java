package chorus.cli.config;

import chorus.core.config.Cidr;
import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiRoutes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a whole config for what single fields cannot: duplicates, references, overlapping folders, a folder
 * holding the device home or inside it (peers would be offered the private key and the API key), a local API
 * that must stay on loopback, dialable addresses and well-formed networks. Runs on every load and save, so a
 * hand-edited file is held to the same rules as the commands.
 */
final class ConfigValidator {
  private ConfigValidator() {}

  /**
   * @param file the config file; it lives in the device home ({@code <home>/config.json}), so its directory
   *     is the home that no folder may contain or be inside
   */
  static void validate(ChorusConfig config, Path file) throws ConfigException {
    Path parent = file.toAbsolutePath().getParent();
    Path home = parent == null ? null : realOrNormal(parent);
    if (config.apiKey().length() < ApiRoutes.MIN_API_KEY_LENGTH) {
      throw new ConfigException(file + ": apiKey is too short (at least " + ApiRoutes.MIN_API_KEY_LENGTH
          + " characters)");
    }
    String apiProblem = ApiAddresses.problem(config.api());
    if (apiProblem != null) {
      throw new ConfigException(file + ": api \"" + config.api().hostPort() + "\" " + apiProblem);
    }
    Set<DeviceId> devices = new HashSet<>();
    for (int i = 0; i < config.devices().size(); i++) {
      validateDevice(config.devices().get(i), "devices[" + i + "]", devices, file);
    }
    Set<FolderId> folders = new HashSet<>();
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < config.folders().size(); i++) {
      FolderConfig f = config.folders().get(i);
      String where = file + ": folders[" + i + "]";
      if (!folders.add(f.id())) {
        throw new ConfigException(where + ": folder \"" + f.id() + "\" is listed twice");
      }
      Path path = Path.of(f.path());
      if (!path.isAbsolute()) {
        throw new ConfigException(where + ".path: \"" + f.path() + "\" is not an absolute path");
      }
      Path normal = path.normalize();
      if (home != null) {
        Path real = realOrNormal(normal);
        if (real.startsWith(home) || home.startsWith(real)) {
          throw new ConfigException(where + ".path: \"" + f.path() + "\" " + (real.startsWith(home) ? "is inside"
              : "contains") + " the device home " + home + ", whose private key and API key must never be"
              + " shared; choose a folder apart from it");
        }
      }
      for (int j = 0; j < paths.size(); j++) {
        Path other = paths.get(j);
        if (normal.equals(other)) {
          throw new ConfigException(where + ".path: \"" + f.path() + "\" is used by another folder");
        }
        if (normal.startsWith(other) || other.startsWith(normal)) {
          throw new ConfigException(where + ".path: \"" + f.path() + "\" overlaps folder \""
              + config.folders().get(j).id() + "\" (" + other + "); one folder may not contain another");
        }
      }
      paths.add(normal);
      Set<DeviceId> shared = new HashSet<>();
      for (DeviceId device : f.sharedWith()) {
        if (!devices.contains(device)) {
          throw new ConfigException(where + ".sharedWith: device " + device
              + " is not in devices; add it with 'chorus device add' first");
        }
        if (!shared.add(device)) {
          throw new ConfigException(where + ".sharedWith: device " + device + " is listed twice");
        }
      }
    }
  }

  /** The real path (symlinks resolved) if it exists, else the normalised absolute path. */
  private static Path realOrNormal(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static void validateDevice(DeviceConfig d, String at, Set<DeviceId> seen, Path file) throws ConfigException {
    String where = file + ": " + at;
    if (!seen.add(d.id())) {
      throw new ConfigException(where + ": device " + d.id() + " is listed twice");
    }
    for (int j = 0; j < d.addresses().size(); j++) {
      TcpAddress a = d.addresses().get(j);
      if (a.port() == 0) {
        throw new ConfigException(where + ".addresses[" + j + "]: " + a + " has port 0, which cannot be dialled");
      }
    }
    for (int j = 0; j < d.allowedNetworks().size(); j++) {
      try {
        Cidr.parse(d.allowedNetworks().get(j));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ".allowedNetworks[" + j + "]: " + e.getMessage(), e);
      }
    }
  }
}
