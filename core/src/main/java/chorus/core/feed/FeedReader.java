package chorus.core.feed;

import chorus.core.id.FolderId;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the change feed: the port a consumer (the local API, the catalog bridge) reads it through.
 * Implementations are thread-safe.
 */
public interface FeedReader {
  /** At most {@code limit} entries after {@code after}, of {@code folder} only unless it is null. */
  FeedPage since(long after, int limit, FolderId folder);

  /**
   * Completes with the latest sequence once an entry after {@code after} can be read (at once if one
   * can). Completes on the thread that made the entry readable: move real work to an executor of your
   * own. Cancel it to stop waiting; a cancelled wait costs nothing afterwards.
   */
  CompletableFuture<Long> awaitAfter(long after);
}
