package chorus.cli.command;

import chorus.cli.CliContext;
import chorus.cli.ExitCodes;
import chorus.cli.Main;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import java.io.PrintWriter;
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
}
