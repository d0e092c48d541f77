package chorus.core.config;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * This device's whole configuration, as kept in the JSON file in the device home. Immutable: every edit
 * makes a new config, which the config store validates and writes atomically.
 *
 * @param listen where the node service accepts peers ({@code tcp://0.0.0.0:22200} by default)
 * @param api the loopback address of the local control API ({@code 127.0.0.1:22201} by default)
 * @param apiKey the secret every local API request must present
 * @param catalog the catalog database, or null when this host has none configured
 */
public record ChorusConfig(
    String deviceName,
    TcpAddress listen,
    TcpAddress api,
    String apiKey,
    List<FolderConfig> folders,
    List<DeviceConfig> devices,
    CatalogConfig catalog) {

  public static final int DEFAULT_LISTEN_PORT = 22200;
  public static final int DEFAULT_API_PORT = 22201;

  public ChorusConfig {
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(apiKey, "apiKey");
    folders = folders == null ? List.of() : List.copyOf(folders);
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  public Optional<FolderConfig> folder(FolderId id) {
    return folders.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  public Optional<DeviceConfig> device(DeviceId id) {
    return devices.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  public ChorusConfig withFolders(List<FolderConfig> newFolders) {
    return new ChorusConfig(deviceName, listen, api, apiKey, newFolders, devices, catalog);
  }

  /** This config with another catalog (null: none). */
  public ChorusConfig withCatalog(CatalogConfig newCatalog) {
    return new ChorusConfig(deviceName, listen, api, apiKey, folders, devices, newCatalog);
  }

  public ChorusConfig withDevices(List<DeviceConfig> newDevices) {
    return new ChorusConfig(deviceName, listen, api, apiKey, folders, newDevices, catalog);
  }

  /** This config with {@code device} added at the end, or in place of the entry with the same ID. */
  public ChorusConfig withDevice(DeviceConfig device) {
    return withDevices(putInPlace(devices, device, d -> d.id().equals(device.id())));
  }

  /** This config with {@code folder} added at the end, or in place of the entry with the same ID. */
  public ChorusConfig withFolder(FolderConfig folder) {
    return withFolders(putInPlace(folders, folder, f -> f.id().equals(folder.id())));
  }

  /** This config without {@code device}: removed from the devices and unshared from every folder. */
  public ChorusConfig withoutDevice(DeviceId device) {
    return withFolders(folders.stream().map(f -> f.notSharedWith(device)).toList())
        .withDevices(devices.stream().filter(d -> !d.id().equals(device)).toList());
  }

  /** Keeps the order the user wrote the config in: a replaced entry stays where it was. */
  private static <T> List<T> putInPlace(List<T> list, T item, Predicate<T> same) {
    List<T> out = new ArrayList<>(list.size() + 1);
    boolean replaced = false;
    for (T t : list) {
      if (same.test(t)) {
        out.add(item);
        replaced = true;
      } else {
        out.add(t);
      }
    }
    if (!replaced) {
      out.add(item);
    }
    return out;
  }
}
