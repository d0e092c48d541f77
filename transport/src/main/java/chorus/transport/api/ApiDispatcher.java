package chorus.transport.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a complete, authenticated request and runs its handler on the executor, then writes the answer
 * back on the event loop. One request per connection is in progress at a time (pipelined requests wait
 * in a short queue), so responses leave in request order. Stateful: one per connection; all its fields
 * are touched only on the connection's event loop.
 */
final class ApiDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
  private static final int MAX_PIPELINED = 8;

  private final RouteTable routes;
  private final Executor executor;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private boolean busy;

  ApiDispatcher(RouteTable routes, Executor executor) {
    this.routes = routes;
    this.executor = executor;
  }

  /** A request copied out of its network buffer, so nothing is held across threads. */
  private record Pending(ApiRequest request, boolean keepAlive) {}

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    if (msg.decoderResult().isFailure()) {
      Throwable cause = msg.decoderResult().cause();
      ApiReplies.write(ctx, ApiReplies.error(400, "malformed HTTP request body: "
          + (cause == null ? "unknown reason" : cause.getMessage())), false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    Pending p = new Pending(
        new ApiRequest(msg.method().name(), uri.path(), uri.parameters(), ByteBufUtil.getBytes(msg.content())),
        HttpUtil.isKeepAlive(msg));
    if (busy) {
      if (waiting.size() >= MAX_PIPELINED) {
        ApiReplies.write(ctx, ApiReplies.error(429, "too many pipelined requests"), false);
        return;
      }
      waiting.add(p);
      return;
    }
    dispatch(ctx, p);
  }

  private void dispatch(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    ApiRequest request = p.request();
    RouteTable.Match match = routes.find(request.method(), request.path());
    if (match instanceof RouteTable.NoPath) {
      finish(ctx, p, ApiReplies.error(404, "no such endpoint: " + request.path()));
    } else if (match instanceof RouteTable.NoMethod noMethod) {
      FullHttpResponse r = ApiReplies.error(405, request.method() + " is not allowed on " + request.path()
          + "; use " + String.join(" or ", noMethod.allowed()));
      r.headers().set(HttpHeaderNames.ALLOW, String.join(", ", noMethod.allowed()));
      finish(ctx, p, r);
    } else {
      Route route = ((RouteTable.Found) match).route();
      try {
        executor.execute(() -> start(ctx, p, route));
      } catch (RejectedExecutionException e) {
        finish(ctx, p, busy());
      }
    }
  }

  /**
   * Runs on the executor: calls the handler and, once its future completes (at once for most routes),
   * writes the answer on the event loop. A future still pending when the connection closes is cancelled,
   * so a long poll stops waiting for a client that has gone.
   */
  private void start(ChannelHandlerContext ctx, Pending p, Route route) {
    ApiRequest request = p.request();
    CompletableFuture<ApiResponse> answer;
    try {
      answer = route.handler().handle(request, new Route.Later(executor, ctx.executor()));
      if (answer == null) {
        throw new IllegalStateException("handler returned no response");
      }
    } catch (Exception | LinkageError | AssertionError e) {
      answer = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ApiResponse> pending = answer;
    ChannelFutureListener cancel = closed -> pending.cancel(false);
    if (!pending.isDone()) {
      ctx.channel().closeFuture().addListener(cancel);
    }
    pending.whenComplete((response, failure) -> {
      ctx.channel().closeFuture().removeListener(cancel);
      FullHttpResponse r = reply(request, response, failure);
      ctx.executor().execute(() -> finish(ctx, p, r));
    });
  }

  /** Never throws: every outcome is a response. */
  private static FullHttpResponse reply(ApiRequest request, ApiResponse answer, Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    try {
      if (e == null) {
        byte[] body = answer.body() == null ? new byte[0] : ApiReplies.JSON.writeValueAsBytes(answer.body());
        return ApiReplies.json(answer.status(), body);
      }
    } catch (Exception | LinkageError | AssertionError serialising) {
      e = serialising;
    }
    if (e instanceof ApiException api) {
      return ApiReplies.error(api.status(), api.getMessage());
    }
    if (e instanceof RejectedExecutionException) {
      return busy();
    }
    if (e instanceof CancellationException) {
      return ApiReplies.error(503, "the request was cancelled"); // the connection is gone; nobody reads it
    }
    log.error("local API: {} {} failed", request.method(), request.path(), e);
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return ApiReplies.error(500, "internal error in " + request.method() + " " + request.path() + ": " + why);
  }

  private static FullHttpResponse busy() {
    return ApiReplies.error(503, "the local API is busy or shutting down; try again");
  }

  private void finish(ChannelHandlerContext ctx, Pending p, FullHttpResponse response) {
    if (!ctx.channel().isActive()) {
      response.release();
      busy = false;
      waiting.clear();
      return;
    }
    ApiReplies.write(ctx, response, p.keepAlive()).addListener(f -> {
      busy = false;
      Pending next = waiting.poll();
      if (next != null && f.isSuccess() && p.keepAlive()) {
        dispatch(ctx, next);
      }
    });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ReadTimeoutException) {
      log.debug("local API: closing idle connection from {}", peer(ctx));
    } else {
      log.debug("local API: connection from {} failed: {}", peer(ctx), cause.toString());
    }
    ctx.close();
  }

  private static String peer(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a
        ? chorus.core.config.TcpAddress.of(a).hostPort() : String.valueOf(ctx.channel().remoteAddress());
  }
}
