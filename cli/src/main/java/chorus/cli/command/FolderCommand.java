package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigException;
import chorus.cli.output.TextTable;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.VersioningConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code chorus folder ...}: the folders this device syncs, and whom each is shared with. */
@Command(name = "folder", description = "Add, list, change, remove and share the folders this device syncs.",
    subcommands = {
        FolderCommand.Add.class,
        FolderCommand.ListFolders.class,
        FolderCommand.SetFolder.class,
        FolderCommand.Remove.class,
        FolderCommand.Share.class,
        FolderCommand.Unshare.class,
        FolderSettleCommand.Rescan.class,
        FolderSettleCommand.OverrideFolder.class,
        FolderSettleCommand.Revert.class,
    })
public final class FolderCommand {
  private FolderCommand() {}

  @Command(name = "add", description = "Add a folder: ID names it across the cluster, PATH is its root on this device.")
  static final class Add extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "1-64 characters of A-Z a-z 0-9 . _ -, e.g. music.")
    FolderId id;

    @Parameters(index = "1", paramLabel = "PATH", description = "An existing directory.")
    Path path;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "send-receive", completionCandidates = Types.class,
        description = "send-receive, send-only or receive-only (default: ${DEFAULT-VALUE}).")
    FolderType type;

    @Override
    public Integer call() throws IOException {
      Path root = path.toAbsolutePath().normalize();
      if (!Files.exists(root)) {
        throw new ConfigException("folder path " + root + " does not exist; create the directory first");
      }
      if (!Files.isDirectory(root)) {
        throw new ConfigException("folder path " + root + " is not a directory");
      }
      configStore().edit(config -> {
        FolderConfig same = config.folder(id).orElse(null);
        if (same != null) {
          throw new ConfigException("folder \"" + id + "\" exists already (at " + same.path()
              + "); remove it first or choose another ID");
        }
        for (FolderConfig f : config.folders()) {
          checkNoOverlap(root, f);
        }
        return config.withFolder(new FolderConfig(id, root.toString(), type, List.of()));
      });
      // The marker says "this directory is the folder": without it (an unmounted disk) the folder stops
      // instead of sending every file as deleted.
      chorus.cli.engine.FolderGuard.write(root);
      out().println("Added folder \"" + id + "\" (" + type + ") at " + root);
      out().println("Share it with a device: chorus folder share " + id + " DEVICE-ID");
      return ExitCodes.OK;
    }

    private static void checkNoOverlap(Path root, FolderConfig f) throws ConfigException {
      Path other = Path.of(f.path()).normalize();
      boolean same = root.equals(other);
      try {
        same |= Files.exists(other) && Files.isSameFile(root, other);
      } catch (IOException e) {
        // An unreadable folder cannot be compared by identity; its path was compared above.
      }
      if (same) {
        throw new ConfigException("path " + root + " is already folder \"" + f.id() + "\"");
      }
      if (root.startsWith(other)) {
        throw new ConfigException("path " + root + " is inside folder \"" + f.id() + "\" (" + other
            + "); one folder may not contain another");
      }
      if (other.startsWith(root)) {
        throw new ConfigException("path " + root + " contains folder \"" + f.id() + "\" (" + other
            + "); one folder may not contain another");
      }
    }
  }

  @Command(name = "list", description = "List the folders.")
  static final class ListFolders extends ChorusCommand {
    @Option(names = "--json", description = "Print a JSON array, with the fields of the config file.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ChorusConfig config = configStore().load();
      if (printedAsJsonOrHint(config.folders(), json, "No folders. Add one with: chorus folder add ID PATH")) {
        return ExitCodes.OK;
      }
      TextTable table = new TextTable("ID", "TYPE", "PATH", "VERSIONING", "SHARED WITH");
      for (FolderConfig f : config.folders()) {
        List<String> names = new ArrayList<>();
        for (DeviceId d : f.sharedWith()) {
          names.add(DeviceCommand.label(config, d));
        }
        table.row(f.id().value(), f.type().text(), f.path(), VersioningSettings.describe(f.versioning()),
            names.isEmpty() ? "-" : String.join(", ", names));
      }
      table.print(out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "set", description = {"Change a folder's type, versioning or free-space threshold.",
      "A new versioning type starts from its defaults (simple: keep 5; staggered: 365 days); the running node "
          + "applies the change when it reloads the config."})
  static final class SetFolder extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Option(names = "--versioning", paramLabel = "TYPE", completionCandidates = VersioningTypes.class,
        description = "off, trashcan, simple or staggered: what is kept of files that sync replaces or deletes.")
    VersioningConfig.Type versioning;

    @Option(names = "--keep", paramLabel = "N", description = "simple: how many versions of each file to keep.")
    Integer keep;

    @Option(names = "--cleanout-days", paramLabel = "N",
        description = "trashcan, simple: remove versions older than N days (0: never).")
    Integer cleanoutDays;

    @Option(names = "--max-age-days", paramLabel = "N",
        description = "staggered: remove versions older than N days (0: never).")
    Integer maxAgeDays;

    @Option(names = "--type", paramLabel = "TYPE", completionCandidates = Types.class,
        description = "send-receive, send-only or receive-only.")
    FolderType type;

    @Option(names = "--min-free-percent", paramLabel = "P",
        description = "stop the folder when its disk has less than P% free (0 to 99.x).")
    Double minFreePercent;

    @Override
    public Integer call() throws IOException {
      if (versioning == null && keep == null && cleanoutDays == null && maxAgeDays == null && type == null
          && minFreePercent == null) {
        throw new ParameterException(spec.commandLine(), "nothing to change: give --versioning, --keep, "
            + "--cleanout-days, --max-age-days, --type or --min-free-percent");
      }
      FolderConfig[] before = new FolderConfig[1];
      ChorusConfig after = configStore().edit(config -> {
        FolderConfig f = existing(config, id);
        before[0] = f;
        FolderConfig changed = f.withVersioning(
            VersioningSettings.apply(f.versioning(), versioning, keep, cleanoutDays, maxAgeDays));
        if (type != null) {
          changed = changed.withType(type);
        }
        if (minFreePercent != null) {
          if (minFreePercent.isNaN() || minFreePercent < 0 || minFreePercent >= 100) {
            throw new ConfigException("--min-free-percent must be at least 0 and below 100, got " + minFreePercent);
          }
          changed = changed.withMinFreePercent(minFreePercent);
        }
        return config.withFolder(changed);
      });
      FolderConfig f = existing(after, id);
      out().println((f.equals(before[0]) ? "Folder \"" + id + "\" unchanged: " : "Folder \"" + id + "\": ")
          + f.type().text() + ", versioning " + VersioningSettings.describe(f.versioning()) + ", min free "
          + f.minFreePercent() + "%");
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", description = "Stop syncing a folder (its files stay on disk).")
  static final class Remove extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Override
    public Integer call() throws IOException {
      configStore().edit(config -> {
        FolderConfig f = existing(config, id);
        List<FolderConfig> rest = new ArrayList<>(config.folders());
        rest.remove(f);
        return config.withFolders(rest);
      });
      out().println("Removed folder \"" + id + "\"; its files were left on disk");
      return ExitCodes.OK;
    }
  }

  @Command(name = "share", description = "Share a folder with a device added with 'chorus device add'.")
  static final class Share extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "FOLDER")
    FolderId folder;

    @Parameters(index = "1", paramLabel = "DEVICE-ID")
    DeviceId device;

    @Override
    public Integer call() throws IOException {
      boolean[] already = {false};
      ChorusConfig after = configStore().edit(config -> {
        FolderConfig f = existing(config, folder);
        DeviceCommand.existing(config, device);
        if (f.sharedWith().contains(device)) {
          already[0] = true;
          return config;
        }
        return config.withFolder(f.sharedAlsoWith(device));
      });
      String who = DeviceCommand.label(after, device);
      out().println(already[0]
          ? "Folder \"" + folder + "\" was already shared with " + who
          : "Shared folder \"" + folder + "\" with " + who);
      return ExitCodes.OK;
    }
  }

  @Command(name = "unshare", description = "Stop sharing a folder with a device.")
  static final class Unshare extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "FOLDER")
    FolderId folder;

    @Parameters(index = "1", paramLabel = "DEVICE-ID")
    DeviceId device;

    @Override
    public Integer call() throws IOException {
      configStore().edit(config -> {
        FolderConfig f = existing(config, folder);
        if (!f.sharedWith().contains(device)) {
          throw new ConfigException("folder \"" + folder + "\" is not shared with " + device);
        }
        return config.withFolder(f.notSharedWith(device));
      });
      out().println("Folder \"" + folder + "\" is no longer shared with " + device);
      return ExitCodes.OK;
    }
  }

  static FolderConfig existing(ChorusConfig config, FolderId id) throws ConfigException {
    return config.folder(id).orElseThrow(() -> new ConfigException(
        "there is no folder \"" + id + "\" (see 'chorus folder list')"));
  }

  /** The values of --versioning, for shell completion. */
  static final class VersioningTypes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(VersioningConfig.Type.values()).map(VersioningConfig.Type::text).iterator();
    }
  }

  /** The values of --type, for shell completion. */
  static final class Types implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(FolderType.values()).map(FolderType::text).iterator();
    }
  }
}
