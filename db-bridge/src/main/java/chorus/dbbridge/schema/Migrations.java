package chorus.dbbridge.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * chorus's own schema, made by numbered SQL migrations ({@code V001__...sql} beside this class), each
 * applied once and recorded in {@code chorus.schema_version}. All of it runs in one transaction under a
 * transaction-level advisory lock: two daemons starting at once against one database (or one daemon and a
 * {@code catalog check}) serialise, and the second finds everything applied. A failed migration rolls back
 * whole.
 */
public final class Migrations {
  /** The schema's migrations, in order. A new one is added at the end; an applied one is never edited. */
  static final List<String> FILES = List.of("V001__per_host_tables.sql");

  /** pg_advisory_xact_lock key: "chorus" and a 1, so no other tool's lock collides with it by chance. */
  static final long LOCK_KEY = 0x63686f7275730001L;

  private Migrations() {}

  /**
   * Brings the schema up to date and commits.
   *
   * @return the migrations applied by this call (empty when it was up to date)
   */
  public static List<Integer> migrate(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      s.execute("CREATE SCHEMA IF NOT EXISTS chorus");
      s.execute("CREATE TABLE IF NOT EXISTS chorus.schema_version ("
          + "version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      Set<Integer> applied = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT version FROM chorus.schema_version")) {
        while (rs.next()) {
          applied.add(rs.getInt(1));
        }
      }
      List<Integer> done = new java.util.ArrayList<>();
      for (String file : FILES) {
        int version = versionOf(file);
        if (applied.contains(version)) {
          continue;
        }
        s.execute(read(file));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO chorus.schema_version (version, name) VALUES (?, ?)")) {
          p.setInt(1, version);
          p.setString(2, file);
          p.executeUpdate();
        }
        done.add(version);
      }
      c.commit();
      return done;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The newest version this build knows. */
  public static int latest() {
    return versionOf(FILES.get(FILES.size() - 1));
  }

  static int versionOf(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static String read(String file) {
    try (InputStream in = Migrations.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
