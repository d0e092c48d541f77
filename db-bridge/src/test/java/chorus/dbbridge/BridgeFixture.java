package chorus.dbbridge;

import chorus.dbbridge.testing.MemoryFolder;
import chorus.dbbridge.testing.PgCluster;
import chorus.core.config.CatalogConfig;
import chorus.core.config.CatalogLink;
import chorus.core.id.FolderId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One archive database, one folder and the bridges started on them, for a test. */
final class BridgeFixture implements AutoCloseable {
  static final String USER = "chorus_app";
  static final String PASSWORD = "pa55-w0rd";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  final PgCluster pg;
  final String db;
  final MemoryFolder folder;
  final Path passwordFile;
  private final List<CatalogBridge> bridges = new ArrayList<>();

  BridgeFixture(PgCluster pg, Path dir) throws Exception {
    this.pg = pg;
    this.db = "archive_" + DATABASES.incrementAndGet();
    pg.createArchive(db);
    Path music = Files.createDirectories(dir.resolve("music"));
    this.folder = new MemoryFolder(FolderId.of("music"), music);
    this.passwordFile = dir.resolve("catalog.password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
  }

  static void createUser(PgCluster pg) throws SQLException {
    pg.createRole(USER, PASSWORD, true);
  }

  CatalogConfig config(CatalogLink link) {
    return new CatalogConfig(pg.jdbcUrl(db), USER, passwordFile.toString(), folder.id(), link);
  }

  CatalogBridge start(CatalogLink link) {
    CatalogBridge b = new CatalogBridge(config(link), folder.id(), folder, folder, Clock.systemUTC()).start();
    bridges.add(b);
    return b;
  }

  CatalogBridge start() {
    return start(CatalogLink.DEFAULT);
  }

  /** Runs SQL as the superuser and returns the first column of the first row, as text (null if none). */
  String query(String sql) throws SQLException {
    try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  void execute(String... sql) throws SQLException {
    pg.execute(db, sql);
  }

  /** The state of a path in the per-host table, or null when it has no row. */
  String state(String path) throws SQLException {
    return query("SELECT state || ':' || coalesce(song_id::text, '-') FROM chorus.file_state WHERE path = '"
        + path.replace("'", "''") + "'");
  }

  /** Waits until {@code done} holds; fails with {@code what} after 30 s (a liveness bound, not a speed check). */
  static void await(String what, Check done) throws Exception {
    long until = System.nanoTime() + 30_000_000_000L;
    Exception last = null;
    while (System.nanoTime() < until) {
      try {
        if (done.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (last error: " + last + ")"));
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  @Override
  public void close() {
    bridges.forEach(CatalogBridge::close);
  }
}
