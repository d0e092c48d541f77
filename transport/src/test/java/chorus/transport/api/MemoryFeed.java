package chorus.transport.api;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import chorus.core.feed.FeedReader;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A change feed in memory, with the waiting rules of the real one: for the API's tests. */
final class MemoryFeed implements FeedReader {
  private final List<FeedEntry> entries = new ArrayList<>(); // guarded by this
  private final List<long[]> waitAfter = new ArrayList<>(); // guarded by this, parallel to waiters
  private final List<CompletableFuture<Long>> waiters = new ArrayList<>(); // guarded by this

  /** Appends a file entry for {@code path} and wakes those waiting for it. */
  FeedEntry add(FolderId folder, String path, FeedAction action, ChangeOrigin origin) {
    List<CompletableFuture<Long>> ready = new ArrayList<>();
    FeedEntry e;
    synchronized (this) {
      e = new FeedEntry(entries.size() + 1, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(entries.size()), folder,
          path, action, action == FeedAction.RENAMED ? "old/" + path : null, origin, FileType.FILE,
          chorus.core.id.ChunkHash.ofBytes(new byte[32]), 1234);
      entries.add(e);
      for (int i = waiters.size() - 1; i >= 0; i--) {
        if (waitAfter.get(i)[0] < e.seq()) {
          ready.add(waiters.remove(i));
          waitAfter.remove(i);
        }
      }
    }
    ready.forEach(f -> f.complete(e.seq()));
    return e;
  }

  /** Waits registered and neither answered nor cancelled. */
  synchronized int waiting() {
    waiters.removeIf(CompletableFuture::isCancelled);
    return waiters.size();
  }

  @Override
  public synchronized FeedPage since(long after, int limit, FolderId folder) {
    List<FeedEntry> out = new ArrayList<>();
    long next = after;
    for (FeedEntry e : entries) {
      if (e.seq() > after && out.size() < limit) {
        next = e.seq();
        if (folder == null || folder.equals(e.folder())) {
          out.add(e);
        }
      }
    }
    return new FeedPage(out, 1, entries.size(), after > entries.size(), next);
  }

  @Override
  public synchronized CompletableFuture<Long> awaitAfter(long after) {
    if (entries.size() > after) {
      return CompletableFuture.completedFuture((long) entries.size());
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiters.add(f);
    waitAfter.add(new long[] {after});
    return f;
  }
}
