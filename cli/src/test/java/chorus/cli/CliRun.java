package chorus.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs {@link Main#execute} against a device home of the test's own, capturing what it prints. */
public final class CliRun {
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.systemUTC();

  public CliRun(Path home) {
    env.put("CHORUS_HOME", home.toString());
  }

  public CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The clock the commands see through {@link CliContext#clock()}. */
  public CliRun clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(new CliContext(env, clock, new SecureRandom()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** What a command did: its exit code and its two streams. */
  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
