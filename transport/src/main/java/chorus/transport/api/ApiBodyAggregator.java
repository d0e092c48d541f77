package chorus.transport.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Collects a request body up to the limit. A body without Content-Length (chunked) that grows past it
 * gets a JSON 413 and the connection is closed; Netty's own answer would have an empty body.
 */
final class ApiBodyAggregator extends HttpObjectAggregator {
  private final int maxBody;

  ApiBodyAggregator(int maxBody) {
    super(maxBody);
    this.maxBody = maxBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ApiReplies.write(ctx, ApiReplies.error(413, "request body is over the limit of " + maxBody + " bytes"), false);
  }
}
