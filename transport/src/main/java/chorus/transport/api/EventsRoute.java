package chorus.transport.api;

import chorus.core.feed.FeedPage;
import chorus.core.feed.FeedReader;
import chorus.core.id.FolderId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /rest/events?since=N&timeout=S&limit=L&folder=F}: the change feed after N. Answers at once
 * when there are entries after N (or N was missed); otherwise waits up to S seconds for one.
 *
 * <p>A wait holds no thread: it is a callback on the feed ({@link FeedReader#awaitAfter}) and a timer on
 * the connection's event loop, and the read that follows runs on the API's executor. So pollers never
 * keep {@code chorus status} waiting for one of the executor's two threads. At most {@value #MAX_WAITERS}
 * polls wait at once; one more is refused (503) rather than queued.
 */
final class EventsRoute implements Route.AsyncHandler {
  /** Below the connection's 60 s read timeout, which counts from the request: the answer always comes first. */
  static final int MAX_TIMEOUT_SECONDS = 50;
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  static final int MAX_WAITERS = 16;

  private final NodeControl node;
  private final AtomicInteger waiting = new AtomicInteger();

  EventsRoute(NodeControl node) {
    this.node = node;
  }

  private record Query(long since, int timeoutSeconds, int limit, FolderId folder) {}

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request, Route.Later later) throws Exception {
    Query q = parse(request);
    FeedReader feed = node.feed();
    FeedPage page = feed.since(q.since(), q.limit(), q.folder());
    if (!page.entries().isEmpty() || page.missed() || q.timeoutSeconds() == 0) {
      return CompletableFuture.completedFuture(answer(page));
    }
    if (waiting.incrementAndGet() > MAX_WAITERS) {
      waiting.decrementAndGet();
      throw new ApiException(503, MAX_WAITERS + " clients are already waiting for events; try again later");
    }
    Poll poll = new Poll(feed, q, later);
    poll.result.whenComplete((r, e) -> waiting.decrementAndGet());
    poll.start(page.next());
    return poll.result;
  }

  /** How many polls wait now (for tests). */
  int waiting() {
    return waiting.get();
  }

  /** One waiting request: waits on the feed until a read finds entries, a miss, or the deadline. */
  private static final class Poll {
    final CompletableFuture<ApiResponse> result = new CompletableFuture<>();
    private final FeedReader feed;
    private final Query query;
    private final Route.Later later;
    private volatile CompletableFuture<Long> wait;
    private ScheduledFuture<?> deadline;

    Poll(FeedReader feed, Query query, Route.Later later) {
      this.feed = feed;
      this.query = query;
      this.later = later;
    }

    void start(long after) {
      deadline = later.timer().schedule(() -> onExecutor(this::finalRead), query.timeoutSeconds(), TimeUnit.SECONDS);
      result.whenComplete((r, e) -> {
        deadline.cancel(false);
        CompletableFuture<Long> w = wait;
        if (w != null) {
          w.cancel(false);
        }
      });
      waitAfter(after);
    }

    /** Waits for an entry after {@code after}; then reads, and answers or (filtered out) waits again. */
    private void waitAfter(long after) {
      CompletableFuture<Long> w = feed.awaitAfter(after);
      wait = w;
      if (result.isDone()) {
        w.cancel(false);
        return;
      }
      w.thenRun(() -> onExecutor(() -> {
        FeedPage page = feed.since(after, query.limit(), query.folder());
        if (!page.entries().isEmpty() || page.missed()) {
          result.complete(answer(page));
        } else {
          waitAfter(page.next()); // entries of other folders only
        }
      }));
    }

    private void finalRead() {
      result.complete(answer(feed.since(query.since(), query.limit(), query.folder())));
    }

    /** Off the thread that woke us (the index's, or the event loop): reads run on the API executor. */
    private void onExecutor(Runnable task) {
      if (result.isDone()) {
        return;
      }
      try {
        later.executor().execute(() -> {
          try {
            if (!result.isDone()) {
              task.run();
            }
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(e);
      }
    }
  }

  private static ApiResponse answer(FeedPage page) {
    return ApiResponse.ok(EventsReport.of(page));
  }

  private static Query parse(ApiRequest request) throws ApiException {
    long since = number(request, "since", 0, Long.MAX_VALUE, 0);
    int timeout = (int) number(request, "timeout", 0, MAX_TIMEOUT_SECONDS, 0);
    int limit = (int) number(request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    String folder = single(request, "folder");
    try {
      return new Query(since, timeout, limit, folder == null ? null : FolderId.of(folder));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("folder: " + e.getMessage());
    }
  }

  private static long number(ApiRequest request, String name, long min, long max, long absent) throws ApiException {
    String text = single(request, name);
    if (text == null) {
      return absent;
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": \"" + text + "\" is not a whole number");
    }
    if (v < min || v > max) {
      throw ApiException.badRequest(name + ": " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  private static String single(ApiRequest request, String name) throws ApiException {
    List<String> values = request.query().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " is given " + values.size() + " times; give it once");
    }
    return values.get(0);
  }
}
