package chorus.dbbridge.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A password from a {@code .pgpass} file, looked up the way libpq does: lines of
 * {@code host:port:database:username:password}, {@code *} matching anything in the first four fields,
 * {@code \:} and {@code \\} escaped, {@code #} lines ignored, the first match wins. Like libpq, a file that
 * its group or others can read is refused: a password in it would not be secret.
 */
public final class PgPass {
  private PgPass() {}

  /** The file libpq would read: {@code $PGPASSFILE}, else {@code ~/.pgpass}. */
  public static Path defaultFile() {
    return defaultFile(System.getenv());
  }

  /** As {@link #defaultFile()}, in environment {@code env}. */
  public static Path defaultFile(java.util.Map<String, String> env) {
    String file = env.get("PGPASSFILE");
    return file != null && !file.isEmpty() ? Path.of(file) : Path.of(System.getProperty("user.home"), ".pgpass");
  }

  /**
   * @return the password for {@code target}, or empty if the file does not exist or has no matching line
   * @throws IOException if the file exists but cannot be read, or is readable by others
   */
  public static Optional<String> lookup(Path file, JdbcTarget target) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    requireOwnerOnly(file);
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> f = fields(line);
      if (f.size() < 5) {
        continue;
      }
      if (matches(f.get(0), target.host()) && matches(f.get(1), Integer.toString(target.port()))
          && matches(f.get(2), target.database()) && matches(f.get(3), target.user())) {
        return Optional.of(f.get(4));
      }
    }
    return Optional.empty();
  }

  /**
   * The lines whose host field is {@code *} and whose user is {@code user} or {@code *}: such a line hands
   * the password to whatever host a connection names. Empty if the file does not exist.
   */
  public static List<String> wildcardHostLines(Path file, String user) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> f = fields(line);
      if (f.size() >= 5 && f.get(0).equals("*") && (f.get(3).equals("*") || f.get(3).equals(user))) {
        out.add("line " + n + " (" + f.get(0) + ":" + f.get(1) + ":" + f.get(2) + ":" + f.get(3) + ":…)");
      }
    }
    return out;
  }

  /** The first line of a password file, refused when others can read it. */
  public static String readPasswordFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("password file " + file + " does not exist");
    }
    requireOwnerOnly(file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  static void requireOwnerOnly(Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
          || p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IOException(file + " is readable or writable by others; chmod 600 " + file);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':' && out.size() < 4) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
