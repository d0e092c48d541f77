package chorus.dbbridge.bucardo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to the hosts' databases as the Bucardo role. No password passes through chorus:
 * pgjdbc reads it from {@code ~/.pgpass} (or {@code PGPASSFILE}) as libpq does, and Bucardo's own
 * processes read the same file.
 */
@FunctionalInterface
public interface Connector {
  Connection open(String jdbcUrl, String user) throws SQLException;

  /** pgjdbc with a short connect timeout: a host that is down must be reported, not waited for. */
  Connector PGJDBC = (url, user) -> {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    p.setProperty("ApplicationName", "chorus-bucardo");
    return DriverManager.getConnection(url, p);
  };
}
