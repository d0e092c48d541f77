package chorus.cli.command;

import chorus.cli.CliContext;
import chorus.cli.ExitCodes;
import chorus.cli.Main;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command needs: its output streams, the environment's device home and the config store.
 * A command returns {@link ExitCodes#OK} or throws; {@link ExitCodes} turns the exception into a message
 * and an exit code. Keep heavy types (Netty, BouncyCastle, RocksDB) out of command fields: picocli loads
 * every command class at startup, and short commands must start fast.
 */
public abstract class ChorusCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected final CliContext context() {
    return Main.context(spec);
  }

  protected final DeviceHome home() {
    return context().home();
  }

  protected final ConfigStore configStore() {
    return new ConfigStore(home().configFile());
  }

  /**
   * The first part of every {@code list} command: prints {@code items} as a JSON array (with the config
   * file's fields) when {@code json} is set, or {@code hint} when there are none. Returns true if it
   * printed, false if the caller still prints its table.
   */
  protected final boolean printedAsJsonOrHint(List<?> items, boolean json, String hint) throws IOException {
    if (json) {
      out().println(ConfigStore.newMapper().writeValueAsString(items));
      return true;
    }
    if (items.isEmpty()) {
      out().println(hint);
      return true;
    }
    return false;
  }
}
