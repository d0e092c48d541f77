package chorus.dbbridge.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a fresh directory, listening on a free loopback port
 * only, stopped and deleted by {@link #close}. PostgreSQL refuses to run as root, so when the tests run as
 * root (CI does) every server command runs as the {@code postgres} user through {@code runuser}.
 *
 * <p>Authentication: the superuser {@code postgres} is trusted on loopback (the harness's own
 * connections); every other role must give its password (scram-sha-256), so tests can check what a wrong
 * password does.
 *
 * <p>Made for speed, not for durability: {@code fsync = off}. A missing PostgreSQL fails the test with the
 * package to install: a skipped database test would be a green lie.
 */
public final class PgCluster implements AutoCloseable {
  private static final String SUPERUSER = "postgres";

  private final Path dir;
  private final Path data;
  private final Path bin;
  private final int port;
  private boolean running;

  private PgCluster(Path dir, Path bin, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.port = port;
  }

  /** Creates and starts a cluster on a free loopback port. */
  public static PgCluster start() throws IOException {
    Path bin = findBin();
    Path dir = Files.createTempDirectory("chorus-pg-");
    PgCluster c = new PgCluster(dir, bin, freePort());
    try {
      c.init();
      c.startServer();
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The cluster's directory (data, server log); deleted by {@link #close}. */
  public Path dir() {
    return dir;
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of database {@code db} on this cluster. */
  public String jdbcUrl(String db) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
  }

  /** A superuser connection to {@code db}. */
  public Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(db), SUPERUSER, "");
  }

  /** Runs statements as the superuser in {@code db}, each in its own autocommit transaction. */
  public void execute(String db, String... sql) throws SQLException {
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    }
  }

  /**
   * Runs statements in {@code db} as Bucardo applies rows: one transaction, in a session with
   * {@code session_replication_role = replica} (ordinary triggers stay quiet, ENABLE ALWAYS and REPLICA
   * ones fire).
   */
  public void executeAsReplica(String db, String... sql) throws SQLException {
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL session_replication_role = replica");
      for (String each : sql) {
        s.execute(each);
      }
      c.commit();
    }
  }

  /** Creates database {@code name} (as the superuser). */
  public void createDatabase(String name) throws SQLException {
    execute("postgres", "CREATE DATABASE \"" + name + "\"");
  }

  /**
   * Creates database {@code name} holding the Rails-like archive schema of {@code archive-schema.sql}
   * (songs, albums, artists, an ActiveStorage pair, a join table without a primary key).
   */
  public void createArchive(String name) throws SQLException, IOException {
    createDatabase(name);
    try (var in = PgCluster.class.getResourceAsStream("archive-schema.sql")) {
      if (in == null) {
        throw new IOException("archive-schema.sql is missing from the test classpath");
      }
      execute(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Creates a login role with a password. */
  public void createRole(String name, String password, boolean superuser) throws SQLException {
    execute("postgres", "CREATE ROLE \"" + name + "\" LOGIN " + (superuser ? "SUPERUSER " : "")
        + "PASSWORD '" + password.replace("'", "''") + "'");
  }

  /** Stops the server (fast shutdown: open sessions are ended), keeping its data. */
  public void stop() throws IOException {
    if (running) {
      pgCtl("stop", "-m", "fast");
      running = false;
    }
  }

  /** Starts the server again after {@link #stop}, on the same port. */
  public void restart() throws IOException {
    if (!running) {
      startServer();
    }
  }

  public boolean running() {
    return running;
  }

  @Override
  public void close() {
    try {
      if (running) {
        pgCtl("stop", "-m", "immediate");
        running = false;
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("PgCluster: stopping " + data + " failed: " + e.getMessage());
    } finally {
      deleteTree(dir);
    }
  }

  private void init() throws IOException {
    Files.createDirectories(data);
    if (asRoot()) {
      run(List.of("chown", "-R", SUPERUSER + ":", dir.toString()));
    }
    server(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"));
    String conf = "\n# chorus test cluster\n"
        + "port = " + port + "\n"
        + "listen_addresses = '127.0.0.1'\n"
        + "unix_socket_directories = '" + data + "'\n"
        + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        + "max_connections = 50\nshared_buffers = 32MB\n";
    String hba = "local all all trust\n"
        + "host all " + SUPERUSER + " 127.0.0.1/32 trust\n"
        + "host all all 127.0.0.1/32 scram-sha-256\n";
    appendAsOwner(data.resolve("postgresql.conf"), conf, false);
    appendAsOwner(data.resolve("pg_hba.conf"), hba, true);
  }

  private void startServer() throws IOException {
    pgCtl("start", "-w", "-t", "60", "-l", dir.resolve("server.log").toString());
    running = true;
  }

  private void pgCtl(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
    cmd.addAll(List.of(args));
    server(cmd);
  }

  /** Writes a server file; the postgres user owns the data directory, so root writes and hands it back. */
  private void appendAsOwner(Path file, String text, boolean replace) throws IOException {
    if (replace) {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } else {
      Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }
    if (asRoot()) {
      run(List.of("chown", SUPERUSER + ":", file.toString()));
    }
  }

  private void server(List<String> cmd) throws IOException {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    full.addAll(cmd);
    run(full);
  }

  private void run(List<String> cmd) throws IOException {
    Path out = Files.createTempFile("chorus-pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        String log = Files.readString(out);
        Path serverLog = dir.resolve("server.log");
        if (Files.isReadable(serverLog)) {
          log += "\nserver log:\n" + Files.readString(serverLog);
        }
        throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + cmd.get(0), e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** PostgreSQL 15's server binaries: Debian's layout first, then pg_config, then PATH. */
  static Path findBin() throws IOException {
    for (String candidate : List.of("/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
        return p;
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String each : path.split(":")) {
      if (!each.isEmpty() && Files.isExecutable(Path.of(each, "initdb"))) {
        return Path.of(each);
      }
    }
    throw new IOException("PostgreSQL 15 server binaries (initdb, pg_ctl) not found: "
        + "apt-get install -y postgresql-15 (.ci/run installs it)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("PgCluster: cannot delete " + root + ": " + e.getMessage());
    }
  }
}
