package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.cli.api.StatusText;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus status}: what the running daemon reports. */
@Command(name = "status",
    description = "Show this device, its peers, folders and refused devices, as the running daemon sees them.")
public final class StatusCommand extends ChorusCommand {
  @Option(names = "--json", description = "Print the daemon's JSON as it was sent.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ApiClient client = ApiClient.forConfig(configStore().load());
    if (json) {
      out().println(client.statusJson());
    } else {
      StatusText.print(client.status(), out());
      chorus.cli.bucardo.BucardoStatusText.print(client, out()); // only on the host that runs Bucardo
    }
    out().flush();
    return ExitCodes.OK;
  }
}
