package chorus.cli.api;

import chorus.core.config.TcpAddress;
import java.io.IOException;

/** Nothing answers on the local API address: the daemon is not running (or listens elsewhere). */
public final class DaemonNotRunningException extends IOException {
  public DaemonNotRunningException(TcpAddress api, Throwable cause) {
    super("chorus is not running at " + api.hostPort() + "; start it with 'chorus run'", cause);
  }
}
