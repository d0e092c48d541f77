package chorus.transport.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Judges a request on its head, before any body is buffered: a request the decoder could not parse is a
 * 400, one without the right API key a 401, one whose Content-Length exceeds the limit a 413. A rejected
 * request's body is discarded and the connection closed after the answer. Stateful: one per connection.
 */
final class ApiGate extends ChannelInboundHandlerAdapter {
  private final ApiKey key;
  private final int maxBody;
  private boolean discarding;

  ApiGate(ApiKey key, int maxBody) {
    this.key = key;
    this.maxBody = maxBody;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      FullHttpResponse rejection = judge(request);
      if (rejection == null) {
        discarding = false;
        ctx.fireChannelRead(msg);
        return;
      }
      discarding = true;
      ReferenceCountUtil.release(msg);
      ApiReplies.write(ctx, rejection, false);
      return;
    }
    if (discarding && msg instanceof HttpContent) {
      if (msg instanceof LastHttpContent) {
        discarding = false;
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private FullHttpResponse judge(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      return ApiReplies.error(400, "malformed HTTP request: "
          + (cause == null ? "unknown reason" : cause.getMessage()));
    }
    Optional<String> presented = ApiKey.presented(
        request.headers().get(ApiKey.HEADER), request.headers().get(HttpHeaderNames.AUTHORIZATION));
    if (presented.isEmpty()) {
      FullHttpResponse r = ApiReplies.error(401, "missing API key: send it in the " + ApiKey.HEADER
          + " header or as 'Authorization: Bearer KEY' (the key is apiKey in the device's config.json)");
      r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      return r;
    }
    if (!key.matches(presented.get())) {
      FullHttpResponse r = ApiReplies.error(401, "wrong API key");
      r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      return r;
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > maxBody) {
      return ApiReplies.error(413, "request body of " + length + " bytes is over the limit of "
          + maxBody + " bytes");
    }
    return null;
  }
}
