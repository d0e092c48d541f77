package chorus.transport.api;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One endpoint: an HTTP method and an exact path (no patterns: the API is small), and what answers it.
 * Handlers run on the API server's executor, never on the event loop, so they may block. A handler that
 * waits for something (a long poll) answers asynchronously instead ({@link AsyncHandler}), so it holds
 * none of the executor's few threads while it waits.
 */
public record Route(String method, String path, AsyncHandler handler) {
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
    return new Route("GET", path, AsyncHandler.of(handler));
  }

  public static Route post(String path, Handler handler) {
    return new Route("POST", path, AsyncHandler.of(handler));
  }

  /** A GET answered later: see {@link AsyncHandler}. */
  public static Route getLater(String path, AsyncHandler handler) {
    return new Route("GET", path, handler);
  }

  /** Answers one request; may throw {@link ApiException} for a client error, anything else is a 500. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
  }

  /**
   * Answers one request with a future: called on the executor, it returns at once and completes the
   * future when the answer is known (exceptionally with an {@link ApiException} for a client error). The
   * server cancels the future when the connection closes first.
   */
  @FunctionalInterface
  public interface AsyncHandler {
    CompletableFuture<ApiResponse> handle(ApiRequest request, Later later) throws Exception;

    static AsyncHandler of(Handler handler) {
      Objects.requireNonNull(handler, "handler");
      return (request, later) -> CompletableFuture.completedFuture(handler.handle(request));
    }
  }

  /**
   * What an asynchronous handler may use to finish its work: the API's executor (for reads and anything
   * that may block; bounded, so {@code execute} may throw {@link java.util.concurrent.RejectedExecutionException})
   * and a timer (the connection's event loop: schedule short tasks only, never block in them).
   */
  public record Later(Executor executor, ScheduledExecutorService timer) {
    public Later {
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(timer, "timer");
    }
  }
}
