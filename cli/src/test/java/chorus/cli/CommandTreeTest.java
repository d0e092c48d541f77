package chorus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line built for one command behaves exactly like the whole tree, and the registry matches it. */
class CommandTreeTest {
  @TempDir Path home;

  private static CommandLine full() {
    return Main.commandLine(CliContext.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private static List<String> built(String... args) {
    return List.copyOf(Main.commandLineFor(CliContext.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), args).getSubcommands().keySet());
  }

  @Test
  void theRegistryIsTheTreeAndEveryNameIsTheCommandsOwn() {
    CommandLine full = full();
    List<String> names = Main.subcommandNames();
    assertEquals(List.copyOf(full.getSubcommands().keySet()), names);
    assertTrue(names.containsAll(List.of("help", "init", "id", "folder", "device", "completion", "scan")), names.toString());
    for (String name : names) {
      Object command = full.getSubcommands().get(name).getCommandSpec().userObject();
      assertEquals(name, command.getClass().getAnnotation(Command.class).name());
    }
  }

  @Test
  void aNamedCommandIsBuiltAlone() {
    List<String> all = Main.subcommandNames();
    assertEquals(List.of("scan"), built("scan", "music", "--json"));
    assertEquals(List.of("id"), built("--verbose", "id"));
    assertEquals(List.of("folder"), built("folder", "list", "--help"));
    assertEquals(List.of(), built("--version"));
    assertEquals(List.of(), built("-V", "--verbose"));
    for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-h", "id"},
        new String[] {"-hV"}, new String[] {"--verbose"}, new String[] {"help", "scan"},
        new String[] {"completion", "bash"}, new String[] {"foldr"}, new String[] {"--", "id"},
        new String[] {"--version", "id"}, new String[] {"@args.txt"})) {
      assertEquals(all, built(args), String.join(" ", args));
    }
  }

  @Test
  void oneCommandOrTheWholeTreeSayTheSame() {
    List<String[]> cases = new ArrayList<>(List.of(
        new String[] {}, new String[] {"--version"}, new String[] {"-V"}, new String[] {"--verbose", "-V"},
        new String[] {"id"}, new String[] {"--verbose", "id"}, new String[] {"id", "--verbose"},
        new String[] {"id", "foldr"}, new String[] {"id", "folder"}, new String[] {"inti"}, new String[] {"foldr"},
        new String[] {"folder"}, new String[] {"folder", "ad"}, new String[] {"folder", "add"},
        new String[] {"folder", "add", "x"}, new String[] {"folder", "list", "extra"},
        new String[] {"device", "list", "--json"}, new String[] {"scan"}, new String[] {"scan", "-V"},
        new String[] {"index", "ls"}, new String[] {"status", "--bogus"}, new String[] {"help", "scan"},
        new String[] {"completion"}, new String[] {"init", "--listen", "nonsense"}));
    for (List<String> path : MainTest.allCommands()) {
      for (String option : List.of("--help", "--no-such-option")) {
        List<String> args = new ArrayList<>(path);
        args.add(option);
        cases.add(args.toArray(String[]::new));
      }
    }
    for (String[] args : cases) {
      assertEquals(run(true, args), run(false, args), "chorus " + String.join(" ", args));
    }
  }

  @Test
  void aCommandThatRunsAnotherGetsItConfigured() {
    CliContext context = new CliContext(Map.of("CHORUS_HOME", home.toString()), Clock.systemUTC(), new SecureRandom());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine lazy = Main.commandLineFor(context, new PrintWriter(out, true), new PrintWriter(err, true), "scan");
    CommandLine init = Main.subcommand(lazy.getSubcommands().get("scan").getCommandSpec(), "init");
    assertNotNull(lazy.getSubcommands().get("init"));
    assertSame(init, Main.subcommand(lazy.getCommandSpec(), "init"));
    // As `run` does on a new device, while the root's command line is parsed: init with no arguments.
    lazy.parseArgs("scan", "music");
    assertEquals(ExitCodes.OK, init.execute(), err.toString());
    assertTrue(Files.exists(home.resolve("cert.pem")));
    assertTrue(out.toString().contains(new CliRun(home).run("id").out().strip()), out.toString());
    // A failure goes through chorus's handler (message and exit code), not picocli's default one.
    assertEquals(ExitCodes.CONFIG, init.execute(), err.toString());
    assertTrue(err.toString().startsWith("chorus: "), err.toString());
  }

  /** Exit code and both streams of one command line, on the lazy or the whole tree. */
  private String run(boolean lazy, String... args) {
    CliContext context = new CliContext(Map.of("CHORUS_HOME", home.toString()), Clock.systemUTC(), new SecureRandom());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    if (lazy) {
      code = Main.execute(context, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), args);
    } else {
      PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
      PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
      code = Main.commandLine(context, o, e).execute(args);
      o.flush();
      e.flush();
    }
    // Stack traces (--verbose) differ in the frames that built the command line, not in what they say.
    String errText = err.toString(StandardCharsets.UTF_8).replaceAll("(?m)^\t(at |\\.\\.\\. ).*\n", "");
    return "exit " + code + "\n--- stdout\n" + out.toString(StandardCharsets.UTF_8) + "--- stderr\n" + errText;
  }
}
