package chorus.transport.api;

/**
 * A request the server answers with a client error: the status (4xx, or 503) and a message that the
 * response body carries to the user as is. Anything else a handler throws is a 500.
 */
public final class ApiException extends Exception {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an API error status is 4xx or 5xx, got " + status);
    }
    this.status = status;
  }

  public ApiException(int status, String message, Throwable cause) {
    this(status, message);
    initCause(cause);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public int status() {
    return status;
  }
}
