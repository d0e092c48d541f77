package chorus.transport.api;

import chorus.core.feed.FeedReader;
import java.io.IOException;

/**
 * What the local API asks of the running node. The daemon implements it (status from its connections
 * and folders; invite and join through {@link PairingApi}); tests pass a fake. Called on the API's
 * executor threads, possibly concurrently: implementations must be thread-safe, and may block.
 *
 * <p>Throw {@link ApiException} for an answer the user should see as a client error (4xx); anything else
 * becomes a 500 with the exception's message.
 */
public interface NodeControl {
  /** {@code GET /rest/status}. */
  StatusReport status() throws ApiException, IOException;

  /** {@code POST /rest/invite}: issue a one-time invite token. */
  InviteResponse invite(InviteRequest request) throws ApiException, IOException;

  /** {@code POST /rest/join}: accept a token from another device (as {@code chorus join} does offline). */
  JoinResponse join(JoinRequest request) throws ApiException, IOException;

  /** {@code POST /rest/config/reload}: re-read config.json and pending joins, connect to new devices. */
  void reloadConfig() throws ApiException, IOException;

  /**
   * {@code GET /rest/events}: the change feed. Must answer at once (the route waits asynchronously through
   * {@link FeedReader#awaitAfter}). The default is for a node without a feed (and for fakes that do not
   * need one): every read is a 501.
   */
  default FeedReader feed() throws ApiException {
    throw new ApiException(501, "this node keeps no change feed");
  }
}
