package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Performs a {@link Plan}: runs its needed steps in order and nothing else, so a second apply over the
 * same hosts changes nothing. Bucardo is stopped gracefully before its setup changes (bucardo.md G7: the
 * processes exit within 1-2 s) and started after; apply returns once the sync's controller runs.
 *
 * <p>Moving off pairwise syncs loses no pending change: Bucardo keeps one delta table per table, shared by
 * every sync, and a sync knows what it has applied by its own track rows. The new sync has none, so its
 * first run takes every delta still kept (VAC only purges what every sync applied), and the customcode
 * settles rows changed on several hosts.
 */
public final class Applier {
  private final BucardoSetup setup;
  private final Connector connector;
  private final BucardoCli cli;
  private final Consumer<String> progress;

  public Applier(BucardoSetup setup, Connector connector, BucardoCli cli, Consumer<String> progress) {
    this.setup = setup;
    this.connector = connector;
    this.cli = cli;
    this.progress = progress;
  }

  /** Surveys, plans and performs; returns the steps it ran (none when the setup was already in place). */
  public List<Step> apply() throws IOException, Planner.PlanException {
    try (SetupLock lock = SetupLock.acquire(setup, java.time.Duration.ofSeconds(120))) {
      if (lock == null) {
        throw new IOException("another apply, or the watchdog's restart, holds " + setup.dir().resolve("apply.lock"));
      }
      Plan plan = Planner.plan(Survey.take(setup, connector, cli));
      List<Step> done = new ArrayList<>();
      for (Step s : plan.needed()) {
        progress.accept(s.why());
        run(s);
        done.add(s);
      }
      return done;
    }
  }

  private void run(Step s) throws IOException {
    switch (s.kind()) {
      case FILE -> {
        Path p = Path.of(s.target());
        Files.createDirectories(p.getParent());
        Files.writeString(p, s.args().get(0), StandardCharsets.UTF_8);
      }
      case SQL -> {
        BucardoNode n = setup.node(s.target());
        try (Connection c = connector.open(n.jdbcUrl(), setup.role()); Statement st = c.createStatement()) {
          st.execute(s.args().get(0));
        } catch (SQLException e) {
          throw new IOException(n.name() + ": " + s.args().get(0) + ": " + e.getMessage(), e);
        }
      }
      case BUCARDO -> {
        cli.check(s.args());
        String verb = s.args().get(0);
        if (verb.equals("stop")) {
          awaitStopped();
        } else if (verb.equals("start") || verb.equals("restart")) {
          awaitSync();
        }
      }
    }
  }

  /** Waits until the MCP's pid file is gone or names a dead process: the stop file only asks (G7). */
  void awaitStopped() throws IOException {
    await(() -> !BucardoState.alive(setup.runDir().resolve("bucardo.mcp.pid")), "Bucardo to stop");
  }

  /** Waits until the MCP has validated the sync and its controller runs. */
  void awaitSync() throws IOException {
    Path ctl = setup.runDir().resolve("bucardo.ctl.sync." + setup.sync() + ".pid");
    await(() -> BucardoState.alive(ctl), "sync " + setup.sync() + " to start (see " + setup.logDir() + ")");
  }

  private static void await(java.util.function.BooleanSupplier done, String what) throws IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("waited 60 s for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + what, e);
      }
    }
  }
}
