package chorus.cli.command;

import chorus.cli.api.ApiClient;
import chorus.cli.api.ApiExitCodes;
import chorus.cli.api.StatusText;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus status}: what the running daemon reports. */
@Command(name = "status",
    description = "Show this device, its peers, folders and refused devices, as the running daemon sees them.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:failure", "3:refused (no config, or the daemon rejected the key)",
        "4:the daemon is not running"})
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the daemon's JSON as it was sent.")
  boolean json;

  private final Map<String, String> env;

  public StatusCommand() {
    this(System.getenv());
  }

  /** @param env the environment the device home is resolved from (tests pass their own) */
  public StatusCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      ChorusConfig config = new ConfigStore(DeviceHome.resolve(env).configFile()).load();
      ApiClient client = ApiClient.forConfig(config);
      if (json) {
        out.println(client.statusJson());
      } else {
        StatusText.print(client.status(), out);
      }
      out.flush();
      return ApiExitCodes.OK;
    } catch (IOException | IllegalArgumentException e) {
      return ApiExitCodes.report("status", e, spec.commandLine().getErr());
    }
  }
}
