package chorus.core.protocol;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a device's catalog database is, as it tells its peers in {@link ClusterConfig}: so that the host
 * running Bucardo knows every database without retyping. A JDBC URL and a user, never a password.
 *
 * <p>A peer is hostile until validated: the URL must be {@code jdbc:postgresql://HOST[:PORT]/DB} with
 * nothing but plain characters, short, without a password or any other parameter (a parameter such as
 * {@code socketFactory} would make our JDBC driver load a class the peer names); the user is a plain role
 * name.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://10.0.0.2:5432/archive_production}
 * @param user the role the device connects as, or "" when it did not say
 */
public record CatalogAddress(String jdbcUrl, String user) {
  public static final int MAX_URL_BYTES = 256;
  public static final int MAX_USER_BYTES = 63;
  private static final Pattern URL =
      Pattern.compile("jdbc:postgresql://(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9._-]{1,200})(:\\d{1,5})?/[A-Za-z0-9_$-]{1,63}");
  private static final Pattern USER = Pattern.compile("([A-Za-z_][A-Za-z0-9_$-]{0,62})?");

  public CatalogAddress {
    Objects.requireNonNull(jdbcUrl, "catalog jdbcUrl");
    user = user == null ? "" : user;
    if (jdbcUrl.length() > MAX_URL_BYTES) {
      throw new IllegalArgumentException("catalog URL is longer than " + MAX_URL_BYTES + " characters");
    }
    if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password")) {
      throw new IllegalArgumentException("catalog URL must not carry a password");
    }
    if (!URL.matcher(jdbcUrl).matches()) {
      throw new IllegalArgumentException("catalog URL \"" + printable(jdbcUrl)
          + "\" is not jdbc:postgresql://HOST[:PORT]/DATABASE without parameters");
    }
    if (!USER.matcher(user).matches()) {
      throw new IllegalArgumentException("catalog user \"" + printable(user) + "\" is not a plain role name");
    }
  }

  /** The address to announce for a configured catalog: its URL without parameters, and its user. */
  public static CatalogAddress of(String jdbcUrl, String user) {
    int q = jdbcUrl.indexOf('?');
    return new CatalogAddress(q < 0 ? jdbcUrl : jdbcUrl.substring(0, q), user);
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
