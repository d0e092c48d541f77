package chorus.cli.api;

import chorus.cli.config.ConfigException;
import chorus.transport.pairing.InvalidInviteException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Exit codes and messages of the commands that talk to the daemon or pair devices. The first three
 * follow the CLI's general ones; {@link #NOT_RUNNING} lets scripts tell "start the daemon" apart.
 */
public final class ApiExitCodes {
  public static final int OK = 0;
  /** An I/O error, a daemon error (5xx), a bug. */
  public static final int FAILURE = 1;
  /** Unknown option or malformed value on the command line (picocli). */
  public static final int USAGE = 2;
  /** Refused, nothing changed: no config or identity yet, a bad token or path, the daemon said no (4xx). */
  public static final int REFUSED = 3;
  /** The daemon is not running at the configured API address. */
  public static final int NOT_RUNNING = 4;

  private ApiExitCodes() {}

  /** Prints {@code "chorus COMMAND: message"} and returns the exit code for {@code e}. */
  public static int report(String command, Exception e, PrintWriter err) {
    err.println("chorus " + command + ": " + e.getMessage());
    err.flush();
    return of(e);
  }

  public static int of(Exception e) {
    if (e instanceof DaemonNotRunningException) {
      return NOT_RUNNING;
    }
    if (e instanceof ApiCallException call) {
      return call.status() >= 400 && call.status() < 500 ? REFUSED : FAILURE;
    }
    if (e instanceof ConfigException || e instanceof InvalidInviteException || e instanceof IllegalArgumentException) {
      return REFUSED;
    }
    if (e instanceof IOException) {
      return FAILURE;
    }
    return FAILURE;
  }
}
