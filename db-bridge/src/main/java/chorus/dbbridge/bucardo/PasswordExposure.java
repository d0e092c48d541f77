package chorus.dbbridge.bucardo;

import chorus.dbbridge.connect.PgPass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one way {@code chorus bucardo} could give a password away. It connects, as the Bucardo role, to the
 * database addresses paired peers announced, and pgjdbc (like Bucardo's libpq) takes the password from
 * {@code .pgpass}. A line with host {@code *} for that role would hand it to any server a peer names, and
 * a server of the peer's choosing can ask for it in cleartext. With one line per host, a peer's address
 * only ever gets that host's own line. So chorus refuses to connect anywhere while such a line exists.
 */
public final class PasswordExposure {
  private PasswordExposure() {}

  /** An UNSAFE finding when {@code pgpass} has a wildcard-host line for {@code role}. */
  public static Optional<Finding> check(Path pgpass, String role) {
    List<String> lines;
    try {
      lines = PgPass.wildcardHostLines(pgpass, role);
    } catch (IOException e) {
      return Optional.of(Finding.unsafe(pgpass.toString(), "cannot be read: " + e.getMessage(),
          "make it readable by this user only (chmod 600)"));
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Finding.unsafe(pgpass.toString(), String.join(", ", lines) + " give role " + role
        + "'s password to any host: a paired peer could announce a database of its own and ask for it in cleartext",
        "write one line per host (HOST:PORT:DATABASE:" + role + ":PASSWORD) instead of host *"));
  }
}
