package chorus.dbbridge.connect;

import chorus.core.config.CatalogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to this host's catalog database. The password is read at each connect (from the
 * password file, else {@code .pgpass}) and handed to pgjdbc in a {@link Properties}, never put into the URL,
 * a log line or a command line. Timeouts are short, so a database that is down or slow costs the bridge's
 * thread seconds, never the sync engine anything.
 */
public final class CatalogConnector {
  /** Seconds to wait for a connection, and for any one statement's reply. */
  static final int CONNECT_TIMEOUT_S = 5;
  static final int SOCKET_TIMEOUT_S = 120;

  private final CatalogConfig config;
  private final JdbcTarget target;
  private final Path pgpass;

  public CatalogConnector(CatalogConfig config) {
    this(config, PgPass.defaultFile());
  }

  public CatalogConnector(CatalogConfig config, Path pgpass) {
    this.config = config;
    this.target = JdbcTarget.parse(config.jdbcUrl(), config.user());
    this.pgpass = pgpass;
  }

  public JdbcTarget target() {
    return target;
  }

  /**
   * A new connection with autocommit off.
   *
   * @throws CatalogUnavailableException with one line saying why (refused, wrong password, no database...)
   */
  public Connection open() throws CatalogUnavailableException {
    Properties p = new Properties();
    p.setProperty("user", target.user());
    try {
      String password = config.passwordFile() != null
          ? PgPass.readPasswordFile(Path.of(config.passwordFile()))
          : PgPass.lookup(pgpass, target).orElse(null);
      if (password != null) {
        p.setProperty("password", password);
      }
    } catch (IOException e) {
      throw new CatalogUnavailableException("catalog " + target + ": " + e.getMessage(), e);
    }
    p.setProperty("ApplicationName", "chorus");
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
    p.setProperty("tcpKeepAlive", "true");
    try {
      Connection c = DriverManager.getConnection(config.jdbcUrl(), p);
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      throw new CatalogUnavailableException("catalog " + target + ": " + oneLine(e), e);
    }
  }

  /** An SQL error as one line: its message without pgjdbc's multi-line detail. */
  public static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.trim();
  }
}
