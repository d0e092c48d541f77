package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.core.id.FolderId;
import chorus.transport.api.FolderRoutes;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The folder commands that ask the running daemon to act: rescan, override, revert. */
final class FolderSettleCommand {
  private FolderSettleCommand() {}

  @Command(name = "rescan", description = "Scan a folder (or one path in it) now and wait until the scan is done.")
  static final class Rescan extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Parameters(index = "1", paramLabel = "PATH", defaultValue = "", description = "A path inside the folder (default: all of it).")
    String path;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "How long to wait (default ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    public Integer call() throws IOException {
      out().println(ApiClient.forConfig(configStore().load())
          .folderCall("POST", FolderRoutes.RESCAN, id, path, Duration.ofSeconds(timeout)));
      return ExitCodes.OK;
    }
  }

  @Command(name = "override",
      description = "Send-only folder: make this host's state the cluster's (peers take this host's files and deletions).")
  static final class OverrideFolder extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Override
    public Integer call() throws IOException {
      out().println(ApiClient.forConfig(configStore().load())
          .folderCall("POST", FolderRoutes.OVERRIDE, id, null, Duration.ofSeconds(60)));
      return ExitCodes.OK;
    }
  }

  @Command(name = "revert",
      description = "Receive-only folder: undo local changes (local files go to .chorus-versions) and take the cluster's state.")
  static final class Revert extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Override
    public Integer call() throws IOException {
      out().println(ApiClient.forConfig(configStore().load())
          .folderCall("POST", FolderRoutes.REVERT, id, null, Duration.ofSeconds(60)));
      return ExitCodes.OK;
    }
  }
}
