package chorus.dbbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The harness itself: a real server, the archive schema, password auth for non-superusers, stop and start. */
class PgClusterTest {
  @Test
  void startsLoadsTheArchiveSchemaRestartsAndCleansUp() throws Exception {
    Path dir;
    try (PgCluster pg = PgCluster.start()) {
      pg.createArchive("archive_production");
      pg.createRole("app", "s3cret", false);
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("archive_production"), "app", "s3cret");
          ResultSet rs = c.createStatement().executeQuery(
              "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
        rs.next();
        assertEquals(8, rs.getInt(1));
      }
      assertThrows(SQLException.class,
          () -> DriverManager.getConnection(pg.jdbcUrl("archive_production"), "app", "wrong").close());
      pg.stop();
      assertThrows(SQLException.class, () -> pg.connect("postgres").close());
      pg.restart();
      try (Connection c = pg.connect("archive_production");
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM schema_migrations")) {
        rs.next();
        assertEquals(2, rs.getInt(1));
      }
      dir = pg.dir();
    }
    assertFalse(Files.exists(dir), "close deletes the cluster's directory");
  }
}
