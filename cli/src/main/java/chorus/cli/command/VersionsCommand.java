package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.cli.output.TextTable;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import chorus.fsindex.version.StoredVersion;
import chorus.fsindex.version.Versioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code chorus versions ...}: the old versions a folder keeps in {@code .chorus-versions/}. Works on the
 * folder's disk directly, so it needs no running node; a running node's watcher sees a restored file as a
 * local change and syncs it.
 */
@Command(name = "versions", description = "Lists and restores the old versions a folder keeps.",
    subcommands = {VersionsCommand.Ls.class, VersionsCommand.Restore.class})
public final class VersionsCommand extends ChorusCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.OK;
  }

  /** One kept version as {@code versions ls --json} prints it. */
  record Row(String path, String version, Instant versionTime, long size, Instant modified, String file) {}

  /** {@code chorus versions ls FOLDER [PATH] [--json]}. */
  @Command(name = "ls", description = "Lists the kept versions, by path, oldest first.")
  static final class Ls extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "FOLDER", description = "the folder ID from the config")
    FolderId folderId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH",
        description = "only paths starting with this (a plain string prefix)")
    String prefix = "";

    @Option(names = "--json", description = "one JSON array of versions")
    boolean json;

    @Override
    public Integer call() throws IOException {
      FolderConfig folder = FolderContext.load(home(), folderId).folder();
      List<Row> rows = new ArrayList<>();
      for (StoredVersion v : versioner(folder, context().clock()).list(prefix)) {
        BasicFileAttributes a = Files.readAttributes(v.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        rows.add(new Row(v.path(), v.tag(), v.versionTime(), a.size(),
            a.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS), v.file().toString()));
      }
      if (json) {
        out().println(ConfigStore.newMapper().writeValueAsString(rows));
        return ExitCodes.OK;
      }
      if (rows.isEmpty()) {
        out().println("No kept versions" + (prefix.isEmpty() ? "" : " of paths starting with \"" + prefix + "\"")
            + " in folder \"" + folderId + "\" (versioning " + VersioningSettings.describe(folder.versioning()) + ")");
        return ExitCodes.OK;
      }
      TextTable table = new TextTable("VERSION (UTC)", "SIZE", "MODIFIED (UTC)", "PATH");
      for (Row r : rows) {
        table.row(r.version(), Long.toString(r.size()), r.modified().toString().replace('T', ' ').replace("Z", ""),
            r.path());
      }
      table.print(out());
      return ExitCodes.OK;
    }
  }

  /** {@code chorus versions restore FOLDER PATH [--at YYYYMMDD-HHMMSS]}. */
  @Command(name = "restore", description = {"Puts a kept version back at its path (default: the newest).",
      "A file there now is kept as a version first, so nothing is lost."})
  static final class Restore extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "FOLDER", description = "the folder ID from the config")
    FolderId folderId;

    @Parameters(index = "1", paramLabel = "PATH", description = "the file's path in the folder, e.g. Artist/Album/01.flac")
    String path;

    @Option(names = "--at", paramLabel = "YYYYMMDD-HHMMSS", description = "the version to restore, as 'versions ls' shows it")
    String at;

    @Override
    public Integer call() throws IOException {
      if (at != null && !at.matches("\\d{8}-\\d{6}")) {
        throw new ParameterException(spec.commandLine(), "--at \"" + at + "\" is not YYYYMMDD-HHMMSS, e.g. 20261202-142530");
      }
      if (path.startsWith("/") || path.endsWith("/") || path.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "PATH \"" + path
            + "\" must be a file's path relative to the folder root, as 'chorus versions ls' shows it");
      }
      FolderConfig folder = FolderContext.load(home(), folderId).folder();
      Versioner versioner = versioner(folder, context().clock());
      List<StoredVersion> versions = versioner.list(path).stream().filter(v -> v.path().equals(path)).toList();
      if (versions.isEmpty()) {
        throw new CommandFailure("folder \"" + folderId + "\" keeps no version of " + path
            + " (see 'chorus versions ls " + folderId + "')");
      }
      StoredVersion chosen = null;
      for (StoredVersion v : versions) { // oldest first: the last match is the newest
        if (at == null || v.tag().equals(at)) {
          chosen = v;
        }
      }
      if (chosen == null) {
        throw new CommandFailure("folder \"" + folderId + "\" keeps no version of " + path + " at " + at
            + "; kept: " + String.join(", ", versions.stream().map(StoredVersion::tag).toList()));
      }
      Path target = Path.of(folder.path()).resolve(path);
      boolean replaced = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          || Files.isSymbolicLink(target);
      versioner.restore(chosen);
      out().println("Restored " + path + " from version " + chosen.tag()
          + (replaced ? "; the file that was there is kept as a version" : ""));
      return ExitCodes.OK;
    }
  }

  private static Versioner versioner(FolderConfig folder, Clock clock) throws IOException {
    Path root = Path.of(folder.path());
    if (!Files.isDirectory(root)) {
      throw new CommandFailure("folder \"" + folder.id() + "\" is at " + root + ", which is not a directory now");
    }
    return Versioner.forFolder(root, folder.versioning(), clock);
  }
}
