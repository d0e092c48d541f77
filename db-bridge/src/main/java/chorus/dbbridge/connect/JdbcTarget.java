package chorus.dbbridge.connect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Host, port, database and user of a {@code jdbc:postgresql:} URL, as a {@code .pgpass} lookup and a log
 * line need them. Only the first host of a multi-host URL is used for the lookup.
 */
public record JdbcTarget(String host, int port, String database, String user) {
  public static final int DEFAULT_PORT = 5432;

  /**
   * @param configuredUser the user from the config (wins over a {@code user=} URL parameter), or null
   * @throws IllegalArgumentException if the URL cannot be read
   */
  public static JdbcTarget parse(String url, String configuredUser) {
    String prefix = "jdbc:postgresql:";
    if (!url.startsWith(prefix)) {
      throw new IllegalArgumentException("catalog URL must start with " + prefix);
    }
    String rest = url.substring(prefix.length());
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String host = "localhost";
    int port = DEFAULT_PORT;
    String db;
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
      int slash = rest.indexOf('/');
      String hosts = slash < 0 ? rest : rest.substring(0, slash);
      db = slash < 0 ? "" : rest.substring(slash + 1);
      String first = hosts.split(",")[0];
      if (first.startsWith("[")) { // [v6]:port
        int close = first.indexOf(']');
        host = first.substring(1, close);
        first = first.substring(close + 1);
        if (first.startsWith(":")) {
          port = parsePort(first.substring(1), url);
        }
      } else if (!first.isEmpty()) {
        int colon = first.lastIndexOf(':');
        host = colon < 0 ? first : first.substring(0, colon);
        if (colon >= 0) {
          port = parsePort(first.substring(colon + 1), url);
        }
      }
    } else {
      db = rest;
    }
    String user = configuredUser;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && user == null && pair.substring(0, eq).toLowerCase(Locale.ROOT).equals("user")) {
        user = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (user == null) {
      user = System.getProperty("user.name");
    }
    if (db.isEmpty()) {
      db = user;
    }
    return new JdbcTarget(host, port, URLDecoder.decode(db, StandardCharsets.UTF_8), user);
  }

  private static int parsePort(String text, String url) {
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("catalog URL " + url + " has a bad port \"" + text + "\"");
    }
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }
}
