package chorus.cli;

import chorus.cli.home.DeviceHome;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may take from the world around it: the environment (so tests pass their own
 * {@code CHORUS_HOME}), a clock and a source of randomness. Commands get it from {@link Main#context}.
 */
public record CliContext(Map<String, String> env, Clock clock, SecureRandom random) {
  public CliContext {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
  }

  /** The real environment, the system clock and a fresh {@link SecureRandom}. */
  public static CliContext system() {
    return new CliContext(System.getenv(), Clock.systemUTC(), new SecureRandom());
  }

  public static CliContext of(Map<String, String> env) {
    return new CliContext(env, Clock.systemUTC(), new SecureRandom());
  }

  /** This device's home, resolved from the environment. */
  public DeviceHome home() {
    return DeviceHome.resolve(env);
  }

  /** True if {@code CHORUS_DEBUG} is set to anything but empty or {@code 0}: errors then show stack traces. */
  public boolean debug() {
    String v = env.get("CHORUS_DEBUG");
    return v != null && !v.isEmpty() && !v.equals("0");
  }
}
