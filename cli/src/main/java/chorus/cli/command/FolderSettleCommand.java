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
  /** Override and revert only write index records: a minute is plenty even for a large folder. */
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  private FolderSettleCommand() {}

  /** Posts one per-folder call to the running node and prints its JSON answer. */
  private static int post(ChorusCommand cmd, String route, FolderId id, String path, Duration timeout)
      throws IOException {
    cmd.out().println(ApiClient.forConfig(cmd.configStore().load()).folderCall("POST", route, id, path, timeout));
    return ExitCodes.OK;
  }

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
      return post(this, FolderRoutes.RESCAN, id, path, Duration.ofSeconds(timeout));
    }
  }

  @Command(name = "override",
      description = "Send-only folder: make this host's state the cluster's (peers take this host's files and deletions).")
  static final class OverrideFolder extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Override
    public Integer call() throws IOException {
      return post(this, FolderRoutes.OVERRIDE, id, null, SETTLE_TIMEOUT);
    }
  }

  @Command(name = "revert",
      description = "Receive-only folder: undo local changes (local files go to .chorus-versions) and take the cluster's state.")
  static final class Revert extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "ID")
    FolderId id;

    @Override
    public Integer call() throws IOException {
      return post(this, FolderRoutes.REVERT, id, null, SETTLE_TIMEOUT);
    }
  }
}
