package chorus.transport.api;

import java.util.Locale;
import java.util.Objects;

/**
 * One endpoint: an HTTP method and an exact path (no patterns: the API is small), and what answers it.
 * Handlers run on the API server's executor, never on the event loop, so they may block.
 */
public record Route(String method, String path, Handler handler) {
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    method = method.toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException("HTTP method \"" + method + "\" is invalid");
    }
    if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
      throw new IllegalArgumentException("route path \"" + path + "\" must start with / and have no query");
    }
  }

  public static Route get(String path, Handler handler) {
    return new Route("GET", path, handler);
  }

  public static Route post(String path, Handler handler) {
    return new Route("POST", path, handler);
  }

  /** Answers one request; may throw {@link ApiException} for a client error, anything else is a 500. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
  }
}
