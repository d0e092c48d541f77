package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the one sync running on the host that runs Bucardo. One host down stops the whole multi-source
 * sync, and Bucardo does not come back by itself once the host returns: its MCP drops the sync when
 * validation fails and never retries (bucardo.md §5); {@code bucardo restart} recovers it, with nothing
 * lost. So: when the sync has no controller and every host answers again, restart Bucardo, with backoff
 * (2 s doubling to 5 min, reset once the sync runs), and say why in the log and in {@link #status}.
 *
 * <p>A Bucardo stopped on purpose ({@code bucardo stop} leaves its stop file) is left stopped. Each
 * {@link #tick} does its I/O on the caller's thread: the daemon calls it from a thread of its own.
 */
public final class Watchdog {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** What the watchdog sees of Bucardo and the hosts. */
  public record Observation(boolean setUp, boolean mcpRunning, boolean syncRunning, boolean stoppedOnPurpose,
      List<String> unreachable) {}

  /** How it sees and acts: the real one reads pid files and databases, and runs bucardo. */
  public interface Sensors {
    Observation observe();

    /** Restarts Bucardo (or starts it, when its MCP is gone). */
    void restart(boolean mcpRunning, String reason) throws IOException;
  }

  /**
   * What {@code chorus status} shows.
   *
   * @param state running, stalled, waiting (for a host), stopped, not-set-up
   * @param detail one line
   * @param lastRestart when the watchdog last restarted Bucardo, or null
   * @param lastReason why, or null
   */
  public record Status(String sync, String state, String detail, Instant lastRestart, String lastReason, int restarts) {}

  private final String sync;
  private final Sensors sensors;
  private final Clock clock;
  private final Set<String> downDuringStall = new LinkedHashSet<>();
  private Duration backoff = FIRST_BACKOFF;
  private Instant nextAttempt = Instant.MIN;
  private volatile Status status;
  private int restarts;
  private Instant lastRestart;
  private String lastReason;
  private String lastLogged = "";

  public Watchdog(String sync, Sensors sensors, Clock clock) {
    this.sync = sync;
    this.sensors = sensors;
    this.clock = clock;
    this.status = new Status(sync, "unknown", "not checked yet", null, null, 0);
  }

  /** The real sensors for {@code setup}. */
  public static Watchdog forSetup(BucardoSetup setup, Connector connector, Clock clock) {
    return new Watchdog(setup.sync(), new BucardoSensors(setup, connector, new BucardoCli(setup)), clock);
  }

  public Status status() {
    return status;
  }

  /** One look, and a restart if one is due. Never throws: a failure is logged and shown. */
  public synchronized Status tick() {
    Observation o;
    try {
      o = sensors.observe();
    } catch (RuntimeException e) {
      return set("unknown", "cannot observe Bucardo: " + e.getMessage());
    }
    if (!o.setUp()) {
      return set("not-set-up", "no sync " + sync + " (chorus bucardo apply)");
    }
    if (o.syncRunning()) {
      downDuringStall.clear();
      backoff = FIRST_BACKOFF;
      nextAttempt = Instant.MIN;
      return set("running", "sync " + sync + " has its controller");
    }
    if (o.stoppedOnPurpose()) {
      return set("stopped", "Bucardo was stopped with bucardo stop; the watchdog leaves it stopped");
    }
    if (!o.unreachable().isEmpty()) {
      downDuringStall.addAll(o.unreachable());
      return set("waiting", "sync " + sync + " is stalled; waiting for " + String.join(", ", o.unreachable())
          + " to answer again");
    }
    Instant now = clock.instant();
    if (now.isBefore(nextAttempt)) {
      return set("stalled", "sync " + sync + " is stalled; next restart at " + nextAttempt);
    }
    String reason = (o.mcpRunning() ? "sync " + sync + " has no controller" : "the Bucardo MCP is not running")
        + (downDuringStall.isEmpty() ? "" : " after " + String.join(", ", downDuringStall) + " was unreachable")
        + "; every host answers again";
    log.warn("restarting Bucardo: {} (attempt {}, next no sooner than {} s)", reason, restarts + 1, backoff.toSeconds());
    restarts++;
    lastRestart = now;
    lastReason = reason;
    nextAttempt = now.plus(backoff);
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    try {
      sensors.restart(o.mcpRunning(), reason);
      return set("restarted", reason);
    } catch (IOException | RuntimeException e) {
      log.warn("restarting Bucardo failed: {}", e.getMessage());
      return set("stalled", "restart failed: " + e.getMessage());
    }
  }

  private Status set(String state, String detail) {
    if (!state.equals(lastLogged) && !state.equals("restarted")) {
      log.info("Bucardo sync {}: {} ({})", sync, state, detail);
      lastLogged = state;
    }
    status = new Status(sync, state, detail, lastRestart, lastReason, restarts);
    return status;
  }

  /** Reads pid files and the metadata database, pings each host as Bucardo's role, runs bucardo. */
  static final class BucardoSensors implements Sensors {
    private final BucardoSetup setup;
    private final Connector connector;
    private final BucardoCli cli;

    BucardoSensors(BucardoSetup setup, Connector connector, BucardoCli cli) {
      this.setup = setup;
      this.connector = connector;
      this.cli = cli;
    }

    @Override
    public Observation observe() {
      boolean mcp = BucardoState.alive(setup.runDir().resolve("bucardo.mcp.pid"));
      boolean ctl = BucardoState.alive(setup.runDir().resolve("bucardo.ctl.sync." + setup.sync() + ".pid"));
      boolean stopFile = Files.exists(setup.runDir().resolve("fullstopbucardo"));
      List<String> down = new ArrayList<>();
      for (BucardoNode n : setup.nodes()) {
        try (Connection c = connector.open(n.jdbcUrl(), setup.role())) {
          c.isValid(5);
        } catch (SQLException e) {
          down.add(n.name());
        }
      }
      return new Observation(Files.isRegularFile(setup.setupFile()), mcp, mcp && ctl, stopFile && !mcp, down);
    }

    @Override
    public void restart(boolean mcpRunning, String reason) throws IOException {
      try (SetupLock lock = SetupLock.acquire(setup, Duration.ZERO)) {
        if (lock == null) {
          throw new IOException("chorus bucardo apply is running; the watchdog waits for it");
        }
        cli.check(List.of(mcpRunning ? "restart" : "start", "chorus watchdog: " + reason));
        new Applier(setup, connector, cli, s -> {}).awaitSync();
      }
    }
  }
}
