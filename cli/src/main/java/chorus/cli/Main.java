package chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command: the only place that calls {@link System#exit}. */
@Command(
    name = "chorus",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Keeps a music archive in sync across hosts, and its catalog linked to the files.",
    subcommands = {
      // Each command is its own class; register it here, one line each.
      CommandLine.HelpCommand.class,
      chorus.cli.command.ScanCommand.class,
      chorus.cli.command.IndexCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reports the version from the jar manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"chorus " + (v == null ? "dev" : v)};
    }
  }
}
