package chorus.dbbridge.link;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small SQL helpers shared by the link rules. */
final class Sql {
  private Sql() {}

  /** A string literal, for the rare value that must be part of a statement's text (a configured prefix). */
  static String literal(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL character cannot be part of an SQL string");
    }
    return "'" + s.replace("'", "''") + "'";
  }

  /** Throws naming the table or the column when {@code table.column} does not exist. */
  static void requireColumn(Connection c, String table, String column) throws SQLException {
    if (hasColumn(c, table, column)) {
      return;
    }
    boolean tableExists;
    try (PreparedStatement t = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      t.setString(1, qualified(table));
      try (ResultSet r = t.executeQuery()) {
        r.next();
        tableExists = r.getBoolean(1);
      }
    }
    throw new SQLException(tableExists
        ? "catalog link rule: column " + table + "." + column + " does not exist"
        : "catalog link rule: table " + table + " does not exist");
  }

  static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    String q = qualified(table);
    int dot = q.indexOf('.');
    try (PreparedStatement p = c.prepareStatement(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
      p.setString(1, q.substring(0, dot));
      p.setString(2, q.substring(dot + 1));
      p.setString(3, column);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** {@code schema.table}, {@code public} when the name has no schema. */
  private static String qualified(String table) {
    return table.indexOf('.') >= 0 ? table : "public." + table;
  }

  /**
   * Attaches {@code chorus.song_changed(args)} to {@code table} as trigger {@code chorus_song_changed},
   * enabled ALWAYS (it must fire for the rows Bucardo applies in replica sessions too), unless it is there
   * already with the same arguments.
   */
  static void attachTrigger(Connection c, String table, String... args) throws SQLException {
    StringBuilder argList = new StringBuilder();
    for (String a : args) {
      argList.append(argList.length() == 0 ? "" : ", ").append(literal(a));
    }
    String wanted = "chorus.song_changed(" + argList + ")";
    try (PreparedStatement p = c.prepareStatement("SELECT pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t "
        + "WHERE t.tgrelid = ?::regclass AND t.tgname = 'chorus_song_changed'")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next() && rs.getString(1).contains(wanted) && "A".equals(rs.getString(2))) {
          return;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS chorus_song_changed ON " + table);
      s.execute("CREATE TRIGGER chorus_song_changed AFTER INSERT OR UPDATE OR DELETE ON " + table
          + " FOR EACH ROW EXECUTE FUNCTION " + wanted);
      s.execute("ALTER TABLE " + table + " ENABLE ALWAYS TRIGGER chorus_song_changed");
    }
  }
}
