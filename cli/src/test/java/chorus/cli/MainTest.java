package chorus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @TempDir Path home;

  CliRun cli() {
    return new CliRun(home);
  }

  /** Every command path, e.g. ["folder", "add"], walked from the real command tree. */
  static List<List<String>> allCommands() {
    CommandLine root = Main.commandLine(CliContext.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    List<List<String>> out = new ArrayList<>();
    walk(root, new ArrayList<>(), out);
    return out;
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(e.getKey());
      walk(e.getValue(), next, out);
    }
  }

  @Test
  void everyCommandHasHelpAndVersion() {
    List<List<String>> commands = allCommands();
    assertTrue(commands.size() >= 12, "the tree was walked: " + commands);
    for (List<String> command : commands) {
      // picocli's own help command has -h but no -V, and prints its description first.
      boolean helpCommand = command.equals(List.of("help"));
      for (String option : helpCommand ? List.of("--help", "-h") : List.of("--help", "-h", "--version", "-V")) {
        List<String> args = new ArrayList<>(command);
        args.add(option);
        Result r = cli().run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.code(), args + "\n" + r);
        String expected = option.toLowerCase().contains("v") ? "chorus " : helpCommand ? "Display help" : "Usage: chorus";
        assertTrue(r.out().startsWith(expected), args + "\n" + r);
      }
    }
  }

  @Test
  void helpListsTheExitCodesOfExitCodes() {
    Result r = cli().run("--help");
    assertEquals(ExitCodes.OK, r.code());
    String help = r.out();
    int at = help.indexOf("Exit codes:");
    assertTrue(at > 0, help);
    String list = help.substring(at);
    for (int code : new int[] {ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NOT_RUNNING}) {
      assertTrue(list.contains("\n  " + code + " "), "exit code " + code + " in\n" + list);
    }
    for (String command : List.of("init", "id", "folder", "device", "completion")) {
      assertTrue(help.contains("\n  " + command + " "), command + " in\n" + help);
    }
  }

  @Test
  void noArgumentsPrintsTheUsage() {
    Result r = cli().run();
    assertEquals(ExitCodes.OK, r.code());
    assertTrue(r.out().startsWith("Usage: chorus"), r.out());
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithASuggestion() {
    Result r = cli().run("foldr");
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("'foldr'"), r.err());
    assertTrue(r.err().contains("chorus folder"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void versionNamesTheBuild() {
    Result r = cli().run("--version");
    assertTrue(r.out().matches("(?s)chorus \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), r.out());
  }

  @Test
  void errorsShowAStackTraceOnlyWhenAskedTo() throws Exception {
    Files.writeString(home.resolve("cert.pem"), "not a certificate");
    Result plain = cli().run("id");
    assertEquals(ExitCodes.CONFIG, plain.code());
    assertFalse(plain.err().contains("\tat "), plain.err());
    assertEquals(1, plain.err().strip().lines().count(), plain.err());

    Result verbose = cli().run("id", "--verbose");
    assertEquals(ExitCodes.CONFIG, verbose.code());
    assertTrue(verbose.err().contains("\tat chorus.cli."), verbose.err());

    Result viaEnv = cli().env("CHORUS_DEBUG", "1").run("id");
    assertTrue(viaEnv.err().contains("\tat chorus.cli."), viaEnv.err());
  }

  @Test
  void anUnexpectedErrorIsAFailureNamingTheException() throws Exception {
    // A directory where the certificate should be: reading it fails with an I/O error, not a config error.
    Files.createDirectory(home.resolve("cert.pem"));
    Result r = cli().run("id");
    assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
    assertTrue(r.err().startsWith("chorus: cannot read " + home.resolve("cert.pem")), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void completionPrintsABashScriptThatBashAccepts() throws Exception {
    Result r = cli().run("completion", "bash");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    String script = r.out();
    assertTrue(script.contains("complete -F"), "registers a completion function");
    for (String word : List.of("init", "folder", "device", "--import-syncthing", "--allowed-network", "receive-only")) {
      assertTrue(script.contains(word), word);
    }
    Path file = Files.writeString(home.resolve("chorus.bash"), script);
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));

    Result fish = cli().run("completion", "fish");
    assertEquals(ExitCodes.USAGE, fish.code(), fish.toString());
    assertTrue(fish.err().contains("bash"), fish.err());
  }

  @Test
  void theHomeComesFromTheEnvironment() {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h");
    assertEquals(Path.of("/x/chorus"), CliContext.of(env).home().dir());
    assertEquals(Path.of("/h/.config/chorus"), CliContext.of(Map.of("HOME", "/h")).home().dir());
    assertEquals(Path.of("/c"), CliContext.of(Map.of("CHORUS_HOME", "/c", "XDG_CONFIG_HOME", "/x")).home().dir());
  }
}
