package chorus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliLoggingTest {
  static final String LEVEL = CliLogging.PREFIX + "defaultLogLevel";
  final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clear() {
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(CliLogging.PREFIX)) {
        saved.put(key, System.getProperty(key));
        System.clearProperty(key);
      }
    }
  }

  @AfterEach
  void restore() {
    clear();
    saved.forEach(System::setProperty);
  }

  @Test
  void quietForCommandsInfoForTheDaemon() {
    assertEquals("warn", CliLogging.configure(false, false, Map.of()));
    clear();
    assertEquals("info", CliLogging.configure(true, false, Map.of()));
    assertEquals("true", System.getProperty(CliLogging.PREFIX + "showDateTime"));
    clear();
    assertEquals("debug", CliLogging.configure(true, true, Map.of()));
    clear();
    assertEquals("error", CliLogging.configure(false, false, Map.of("CHORUS_LOG_LEVEL", "ERROR")));
  }

  @Test
  void aLevelSetWithDashDWins() {
    System.setProperty(LEVEL, "trace");
    assertEquals("trace", CliLogging.configure(false, false, Map.of()));
  }

  @Command(name = "fake-run")
  static final class FakeDaemon implements DaemonCommand, Runnable {
    String levelSeen;

    @Override
    public void run() {
      levelSeen = System.getProperty(LEVEL);
    }
  }

  @Command(name = "fake-cmd")
  static final class FakeCommand implements Runnable {
    String levelSeen;

    @Override
    public void run() {
      levelSeen = System.getProperty(LEVEL);
    }
  }

  @Test
  void mainSetsTheLevelBeforeTheCommandRuns() {
    FakeDaemon daemon = new FakeDaemon();
    CommandLine cl = Main.commandLine(CliContext.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    cl.addSubcommand(daemon);
    assertEquals(0, cl.execute("fake-run"));
    assertEquals("info", daemon.levelSeen);

    clear();
    FakeCommand command = new FakeCommand();
    cl = Main.commandLine(CliContext.of(Map.of()), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    cl.addSubcommand(command);
    assertEquals(0, cl.execute("fake-cmd"));
    assertEquals("warn", command.levelSeen);
  }
}
