package chorus.cli.api;

import java.io.IOException;

/** The daemon answered, but with an error status; the message is the daemon's own explanation. */
public final class ApiCallException extends IOException {
  private final int status;

  public ApiCallException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status, e.g. 400 for a request the daemon found invalid. */
  public int status() {
    return status;
  }
}
