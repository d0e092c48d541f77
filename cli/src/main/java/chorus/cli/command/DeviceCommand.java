package chorus.cli.command;

import chorus.cli.Converters;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigException;
import chorus.cli.home.IdentityFiles;
import chorus.cli.output.TextTable;
import chorus.core.config.ChorusConfig;
import chorus.core.config.Cidr;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chorus device ...}: the peers this device trusts. */
@Command(name = "device", description = "Add, list and remove the devices this device trusts.",
    subcommands = {
        DeviceCommand.Add.class,
        DeviceCommand.ListDevices.class,
        DeviceCommand.Remove.class,
    })
public final class DeviceCommand {
  private DeviceCommand() {}

  @Command(name = "add", description = {
      "Trust a device. Its ID is what 'chorus id' prints on it.",
      "Without --address this device waits for the other to connect."})
  static final class Add extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "DEVICE-ID")
    DeviceId id;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for it in lists and logs.")
    String name;

    @Option(names = "--address", paramLabel = "tcp://HOST:PORT", converter = Converters.DialAddress.class,
        description = "Where to connect to it; repeat for several.")
    List<TcpAddress> addresses = new ArrayList<>();

    @Option(names = "--allowed-network", paramLabel = "CIDR",
        description = "Accept its connections only from this network, e.g. 10.8.0.0/24; repeat for several."
            + " Default: any.")
    List<Cidr> allowedNetworks = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      DeviceId self = IdentityFiles.readDeviceId(home());
      if (id.equals(self)) {
        throw new ConfigException(id + " is this device's own ID; add the ID that 'chorus id' prints on the other device");
      }
      DeviceConfig device = new DeviceConfig(id, name == null ? "" : name.strip(), addresses,
          allowedNetworks.stream().map(Cidr::toString).toList());
      configStore().edit(config -> {
        DeviceConfig same = config.device(id).orElse(null);
        if (same != null) {
          throw new ConfigException("device " + id + (same.name().isEmpty() ? "" : " (\"" + same.name() + "\")")
              + " was added already; remove it first to change it");
        }
        return config.withDevice(device);
      });
      out().println("Added device " + id + (device.name().isEmpty() ? "" : " (\"" + device.name() + "\")"));
      out().println("Share a folder with it: chorus folder share FOLDER " + id);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the devices.")
  static final class ListDevices extends ChorusCommand {
    @Option(names = "--json", description = "Print a JSON array, with the fields of the config file.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ChorusConfig config = configStore().load();
      if (printedAsJsonOrHint(config.devices(), json, "No devices. Add one with: chorus device add DEVICE-ID")) {
        return ExitCodes.OK;
      }
      TextTable table = new TextTable("ID", "NAME", "ADDRESSES", "ALLOWED NETWORKS", "FOLDERS");
      for (DeviceConfig d : config.devices()) {
        List<String> folders = new ArrayList<>();
        for (FolderConfig f : config.folders()) {
          if (f.sharedWith().contains(d.id())) {
            folders.add(f.id().value());
          }
        }
        table.row(d.id().toString(), d.name().isEmpty() ? "-" : d.name(),
            d.addresses().isEmpty() ? "(it connects)" : String.join(" ", d.addresses().stream().map(TcpAddress::toUri).toList()),
            d.allowedNetworks().isEmpty() ? "any" : String.join(" ", d.allowedNetworks()),
            folders.isEmpty() ? "-" : String.join(", ", folders));
      }
      table.print(out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", description = "Stop trusting a device; it is also unshared from every folder.")
  static final class Remove extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "DEVICE-ID")
    DeviceId id;

    @Override
    public Integer call() throws IOException {
      List<String> unshared = new ArrayList<>();
      configStore().edit(config -> {
        existing(config, id);
        unshared.clear();
        for (FolderConfig f : config.folders()) {
          if (f.sharedWith().contains(id)) {
            unshared.add(f.id().value());
          }
        }
        return config.withoutDevice(id);
      });
      out().println("Removed device " + id
          + (unshared.isEmpty() ? "" : "; unshared from folders " + String.join(", ", unshared)));
      return ExitCodes.OK;
    }
  }

  static DeviceConfig existing(ChorusConfig config, DeviceId id) throws ConfigException {
    return config.device(id).orElseThrow(() -> new ConfigException(
        "there is no device " + id + " (see 'chorus device list'; add it with 'chorus device add')"));
  }

  /** "name (SHORTID)" or the full ID when the device has no name. */
  static String label(ChorusConfig config, DeviceId id) {
    String name = config.device(id).map(DeviceConfig::name).orElse("");
    return name.isEmpty() ? id.toString() : name + " (" + id.shortId() + ")";
  }
}
