package chorus.cli;

import chorus.cli.command.CompletionCommand;
import chorus.cli.command.DeviceCommand;
import chorus.cli.command.FolderCommand;
import chorus.cli.command.IdCommand;
import chorus.cli.command.InitCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code chorus} command: the only place that calls {@link System#exit}. Its attributes (help and
 * version options) and {@code --verbose} are inherited by every subcommand.
 */
@Command(
    name = "chorus",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Keeps a music archive in sync across hosts, and its catalog linked to the files.",
    footerHeading = "%n",
    footer = {
        "Device home: $CHORUS_HOME, else $XDG_CONFIG_HOME/chorus, else ~/.config/chorus",
        "CHORUS_DEBUG=1 shows stack traces; CHORUS_LOG_LEVEL=debug|info|warn sets logging",
    })
public final class Main implements Callable<Integer> {
  /**
   * Every subcommand, in the order help lists them. Each command is its own class; register it here, one
   * line each. Its name is the one in its {@code @Command}. Picocli builds the model of every command it is
   * given by reflection (about 160 ms for all of them), so a command line that names one command gets only
   * that one: see {@link CommandTree}.
   */
  private static final Class<?>[] SUBCOMMANDS = {
    CommandLine.HelpCommand.class,
    InitCommand.class,
    IdCommand.class,
    FolderCommand.class,
    DeviceCommand.class,
    CompletionCommand.class,
    chorus.cli.command.StatusCommand.class,
    chorus.cli.command.EventsCommand.class,
    chorus.cli.command.InviteCommand.class,
    chorus.cli.command.JoinCommand.class,
    chorus.cli.command.RunCommand.class,
    chorus.cli.command.ScanCommand.class,
    chorus.cli.command.IndexCommand.class,
    chorus.cli.command.VersionsCommand.class,
    chorus.cli.command.CatalogCommand.class,
    chorus.cli.command.BucardoCommand.class,
  };

  /** Commands that look at the whole tree: picocli's {@code help COMMAND}, and the completion script. */
  private static final Set<Class<?>> NEED_THE_TREE = Set.of(CommandLine.HelpCommand.class, CompletionCommand.class);

  @CommandLine.Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show stack traces on errors and log more.")
  boolean verbose;

  private final CliContext context;

  public Main(CliContext context) {
    this.context = context;
  }

  public Main() {
    this(CliContext.system());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line against the real environment, stdout and stderr, and returns its exit code. */
  public static int execute(String... args) {
    return execute(System.getenv(), System.out, System.err, args);
  }

  /** Runs a command line with the given environment and output streams; tests call this. */
  public static int execute(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    return execute(CliContext.of(env), out, err, args);
  }

  /** Runs a command line in {@code context} and returns its exit code ({@link ExitCodes}). */
  public static int execute(CliContext context, PrintStream out, PrintStream err, String... args) {
    PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
    try {
      return commandLineFor(context, outWriter, errWriter, args).execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The configured command line with every command; {@code completion} and tests walk this tree. */
  public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
    return commandLine(context, out, err, List.of(SUBCOMMANDS));
  }

  /**
   * The configured command line with only the commands {@code args} can reach, for a faster start; for
   * anything but a plain {@code chorus [--verbose] COMMAND ...} or {@code chorus --version} that is the
   * whole tree. Usage, errors and exit codes are the same as with {@link #commandLine(CliContext,
   * PrintWriter, PrintWriter)}.
   */
  public static CommandLine commandLineFor(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(context, out, err, CommandTree.needed(SUBCOMMANDS, NEED_THE_TREE, args));
  }

  private static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err,
      List<Class<?>> subcommands) {
    Main main = new Main(context);
    CommandLine cl = new CommandLine(main);
    // Added before anything is set on the root: picocli passes a setting on to the subcommands that exist.
    for (Class<?> command : subcommands) {
      cl.addSubcommand(CommandTree.name(command), new CommandLine(command));
    }
    cl.getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    configure(cl, out, err, context.debug(), parseResult -> {
      CliLogging.configure(isDaemon(parseResult), main.verbose, context.env());
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl;
  }

  /** What every command of the tree gets: converters, streams, error handling and how it runs. */
  private static void configure(CommandLine cl, PrintWriter out, PrintWriter err, boolean debug,
      CommandLine.IExecutionStrategy strategy) {
    Converters.registerAll(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(ExitCodes.executionHandler(debug));
    cl.setParameterExceptionHandler(ExitCodes.parameterHandler());
    cl.setExecutionStrategy(strategy);
  }

  /**
   * The subcommand {@code name} of the {@code chorus} command {@code spec} belongs to, added and configured
   * like the others if this command line was built without it. A command that runs another one (as
   * {@code run} runs {@code init}) must get it here: the tree may hold only the command that is running.
   */
  public static CommandLine subcommand(CommandSpec spec, String name) {
    CommandLine root = spec.root().commandLine();
    CommandLine sub = root.getSubcommands().get(name);
    if (sub != null) {
      return sub;
    }
    Class<?> command = CommandTree.named(SUBCOMMANDS, name);
    if (command == null) {
      throw new IllegalArgumentException("no command " + name);
    }
    sub = new CommandLine(command);
    root.addSubcommand(name, sub);
    configure(sub, root.getOut(), root.getErr(), context(spec).debug(), root.getExecutionStrategy());
    return sub;
  }

  /** The names of every subcommand, in the order they are registered. */
  static List<String> subcommandNames() {
    return Arrays.stream(SUBCOMMANDS).map(CommandTree::name).toList();
  }

  /** The context of the {@code chorus} command that {@code spec} belongs to. */
  public static CliContext context(CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof Main main ? main.context : CliContext.system();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private static boolean isDaemon(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last.commandSpec().userObject() instanceof DaemonCommand;
  }

  /** Reports the version Maven wrote into {@code version.properties} at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // Fall through to "dev": a version string is not worth failing a command for.
      }
      String v = p.getProperty("version", "dev");
      return new String[] {"chorus " + (v.startsWith("${") ? "dev" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }
}
