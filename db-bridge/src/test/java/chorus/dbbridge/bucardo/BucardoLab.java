package chorus.dbbridge.bucardo;

import chorus.dbbridge.testing.PgCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Three PostgreSQL 15 clusters with the archive schema (hosts a, b, c) and a Bucardo directory, for the
 * end-to-end tests with real Bucardo. {@link #close} stops Bucardo gracefully (bucardo.md G7), kills what
 * is left by the pids in its pid files, then drops the clusters: also when the test failed.
 */
final class BucardoLab implements AutoCloseable {
  static final String DB = "archive_production";

  final List<PgCluster> clusters = new ArrayList<>();
  final Path dir;
  final BucardoSetup setup;
  final BucardoCli cli;

  BucardoLab() throws Exception {
    dir = Files.createTempDirectory("chorus-bucardo-");
    try {
      List<BucardoNode> nodes = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        PgCluster pg = PgCluster.start();
        clusters.add(pg);
        pg.createArchive(DB);
        nodes.add(BucardoNode.of(name, pg.jdbcUrl(DB)));
      }
      // postgres: PgCluster trusts it on loopback, so no password file is needed in tests.
      setup = new BucardoSetup(nodes, dir.resolve("bucardo"), "postgres", BucardoSetup.DEFAULT_SYNC,
          BucardoSetup.fastSleeps());
      cli = new BucardoCli(setup);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  PgCluster pg(String node) {
    return clusters.get(List.of("a", "b", "c").indexOf(node));
  }

  Survey survey() {
    return Survey.take(setup, Connector.PGJDBC, cli);
  }

  List<Step> apply() throws Exception {
    long t0 = System.nanoTime();
    return new Applier(setup, Connector.PGJDBC, cli,
        s -> System.out.printf("apply +%d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, s)).apply();
  }

  private final long born = System.nanoTime();

  /** A progress line with the time since the lab was made, to see where a run spends its time. */
  void mark(String what) {
    System.out.printf("lab +%d ms: %s%n", (System.nanoTime() - born) / 1_000_000, what);
  }

  long insertSong(String node, String title) throws SQLException {
    try (Connection c = pg(node).connect(DB); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("INSERT INTO songs (title) VALUES ('" + title + "') RETURNING id")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void sql(String node, String sql) throws SQLException {
    pg(node).execute(DB, sql);
  }

  /** The song's title on {@code node}, or null. */
  String title(String node, long id) throws SQLException {
    try (Connection c = pg(node).connect(DB); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT title FROM songs WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Polls until {@code done}, up to 60 s; fails with {@code what} and Bucardo's log tail. */
  void await(String what, Check done) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (done.ok()) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("waited 60 s for " + what + (last == null ? "" : " (last error: " + last + ")")
        + "\nBucardo log tail:\n" + logTail());
  }

  /** A condition that may query a database. */
  @FunctionalInterface
  interface Check {
    boolean ok() throws Exception;
  }

  String logTail() {
    Path log = setup.logDir().resolve("log.bucardo");
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    BucardoTeardown.stop(setup);
    for (PgCluster pg : clusters) {
      pg.close();
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("BucardoLab: cannot delete " + root + ": " + e.getMessage());
    }
  }
}
