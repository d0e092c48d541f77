package chorus.dbbridge.bucardo;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host's catalog database as Bucardo names it: a short name (Bucardo's db name, also the conflict
 * customcode's host order), and where it is. Made from a device's catalog address (a JDBC URL and a user,
 * never a password), this device's own or one a peer announced.
 *
 * @param name Bucardo's name for the database: lower-case letters, digits, underscores, 1-30 characters
 * @param host the host name or address of the PostgreSQL server
 * @param port its port
 * @param dbname the database (e.g. {@code archive_production})
 * @param jdbcUrl the URL it was made from
 */
public record BucardoNode(String name, String host, int port, String dbname, String jdbcUrl) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,29}");
  private static final Pattern URL =
      Pattern.compile("jdbc:postgresql://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?/([A-Za-z0-9_$-]{1,63})(\\?.*)?");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");

  public BucardoNode {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Bucardo database name \"" + name
          + "\" must be 1-30 lower-case letters, digits or underscores, starting with a letter");
    }
    if (!PLAIN.matcher(host).matches() || port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + ": host \"" + host + "\" or port " + port + " is not usable");
    }
  }

  /**
   * Parses a catalog address. Only {@code jdbc:postgresql://host[:port]/db[?...]} is accepted: Bucardo
   * needs a host, a port and a database name it can pass to libpq.
   *
   * @throws IllegalArgumentException saying what is wrong with the URL
   */
  public static BucardoNode of(String name, String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException(name + ": the catalog URL must not hold a password");
    }
    Matcher m = URL.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + ": catalog URL \"" + jdbcUrl
          + "\" is not jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
    return new BucardoNode(name, host, port, m.group(3), jdbcUrl);
  }

  /** A Bucardo database name made from a device name: lower case, other characters as underscores. */
  public static String nameFor(String deviceName) {
    String n = deviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (n.isEmpty() || !Character.isLetter(n.charAt(0))) {
      n = "h_" + n;
    }
    return n.length() > 30 ? n.substring(0, 30) : n;
  }

  /** The JDBC URL of another database ({@code bucardo}, {@code postgres}) on the same server. */
  public String urlOf(String db) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + db;
  }
}
