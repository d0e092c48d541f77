package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Bucardo is configured to do (its metadata database) and whether it is doing it (its pid files).
 *
 * @param installed whether the metadata database holds Bucardo's schema
 * @param dbs Bucardo's databases by name
 * @param syncs Bucardo's syncs by name
 * @param relgroups relgroup (herd) name to its qualified tables
 * @param customcodes customcode name to it
 * @param config {@code bucardo_config} name to setting
 * @param mcpRunning whether the MCP's pid file names a live process
 * @param controllers sync names whose controller's pid file names a live process
 */
public record BucardoState(boolean installed, Map<String, Db> dbs, Map<String, Sync> syncs,
    Map<String, List<String>> relgroups, Map<String, Customcode> customcodes, Map<String, String> config,
    boolean mcpRunning, List<String> controllers) {

  /** A database as Bucardo knows it. */
  public record Db(String name, String host, int port, String dbname, String user) {
    public boolean sameAs(BucardoNode n, String role) {
      return host.equals(n.host()) && port == n.port() && dbname.equals(n.dbname()) && user.equals(role);
    }
  }

  /**
   * A sync: its relgroup, its databases with their roles (source or target), status, strategy.
   *
   * @param dbs database name to role, in Bucardo's order
   */
  public record Sync(String name, String relgroup, Map<String, String> dbs, String status, String conflictStrategy) {
    public long sources() {
      return dbs.values().stream().filter("source"::equals).count();
    }

    /** The guide's setup: one source and one target, one per direction (bucardo.md §3b). */
    public boolean pairwise() {
      return sources() == 1;
    }
  }

  /** A customcode: when it runs, for which sync, whether it gets handles, its Perl. */
  public record Customcode(String name, String whenrun, String sync, boolean getdbh, String source) {}

  static final BucardoState NOT_INSTALLED =
      new BucardoState(false, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), false, List.of());

  public boolean running(String sync) {
    return mcpRunning && controllers.contains(sync);
  }

  public Optional<Sync> sync(String name) {
    return Optional.ofNullable(syncs.get(name));
  }

  /**
   * Reads the state. A metadata database that does not exist yet, or lacks Bucardo's schema, is "not
   * installed"; any other database failure is thrown.
   */
  public static BucardoState read(BucardoSetup setup, Connector connector) throws SQLException {
    Connection c;
    try {
      c = connector.open(setup.metadataUrl(), setup.role());
    } catch (SQLException e) {
      if ("3D000".equals(e.getSQLState())) { // invalid_catalog_name: no bucardo database yet
        return NOT_INSTALLED.withProcesses(setup);
      }
      throw e;
    }
    try (c; Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('bucardo.sync') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return NOT_INSTALLED.withProcesses(setup);
        }
      }
      Map<String, Db> dbs = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT name, coalesce(dbhost, ''), coalesce(dbport, '5432'),"
          + " coalesce(dbname, ''), coalesce(dbuser, '') FROM bucardo.db")) {
        while (rs.next()) {
          dbs.put(rs.getString(1), new Db(rs.getString(1), rs.getString(2), Integer.parseInt(rs.getString(3).trim()),
              rs.getString(4), rs.getString(5)));
        }
      }
      Map<String, Map<String, String>> groups = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT dbgroup, db, role FROM bucardo.dbmap ORDER BY dbgroup, priority DESC, db")) {
        while (rs.next()) {
          groups.computeIfAbsent(rs.getString(1), k -> new java.util.LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
        }
      }
      Map<String, Sync> syncs = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT name, herd, dbs, status, conflict_strategy FROM bucardo.sync")) {
        while (rs.next()) {
          syncs.put(rs.getString(1), new Sync(rs.getString(1), rs.getString(2),
              groups.getOrDefault(rs.getString(3), Map.of()), rs.getString(4), rs.getString(5)));
        }
      }
      Map<String, List<String>> herds = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT m.herd, format('%I.%I', g.schemaname, g.tablename)"
          + " FROM bucardo.herdmap m JOIN bucardo.goat g ON g.id = m.goat WHERE g.reltype = 'table' ORDER BY 1, 2")) {
        while (rs.next()) {
          herds.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
      Map<String, Customcode> codes = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT c.name, c.whenrun, m.sync, c.getdbh, c.src_code"
          + " FROM bucardo.customcode c LEFT JOIN bucardo.customcode_map m ON m.code = c.id")) {
        while (rs.next()) {
          codes.put(rs.getString(1), new Customcode(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getBoolean(4), rs.getString(5)));
        }
      }
      Map<String, String> config = new TreeMap<>();
      try (ResultSet rs = s.executeQuery("SELECT name, setting FROM bucardo.bucardo_config")) {
        while (rs.next()) {
          config.put(rs.getString(1), rs.getString(2));
        }
      }
      return new BucardoState(true, dbs, syncs, herds, codes, config, false, List.of()).withProcesses(setup);
    }
  }

  /** This state with the processes as the pid files say now. */
  BucardoState withProcesses(BucardoSetup setup) {
    boolean mcp = alive(setup.runDir().resolve("bucardo.mcp.pid"));
    List<String> ctl = new ArrayList<>();
    for (String name : syncs.keySet()) {
      if (alive(setup.runDir().resolve("bucardo.ctl.sync." + name + ".pid"))) {
        ctl.add(name);
      }
    }
    return new BucardoState(installed, dbs, syncs, relgroups, customcodes, config, mcp, List.copyOf(ctl));
  }

  /**
   * Whether a pid file names a live process. A killed process can stay a zombie until PID 1 reaps it,
   * and a zombie still answers {@code kill -0}: its state in /proc is read instead (bucardo.md G6).
   */
  static boolean alive(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return false;
      }
      String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
      if (!first.matches("\\d{1,10}")) {
        return false;
      }
      Path stat = Path.of("/proc", first, "stat");
      if (!Files.exists(stat)) {
        return ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
      }
      String text = Files.readString(stat, StandardCharsets.UTF_8);
      int close = text.lastIndexOf(')');
      return close > 0 && close + 2 < text.length() && text.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
