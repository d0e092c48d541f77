package chorus.transport.api;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /rest/events}: a page of the change feed ({@link FeedPage}) as JSON.
 *
 * @param latest the newest sequence the daemon holds
 * @param oldest the oldest sequence it still holds (latest + 1 when it holds none)
 * @param missed entries after the position asked for are gone (trimmed, or the feed was started again)
 * @param next the position to ask from next ({@code since=next})
 */
public record EventsReport(List<Event> events, long latest, long oldest, boolean missed, long next) {
  public EventsReport {
    events = List.copyOf(events);
  }

  /**
   * One change.
   *
   * @param from the path before a rename (null otherwise)
   * @param origin {@code "local"}, or the device ID of the peer whose change was applied
   * @param hash the content hash in hex (null for directories and symlinks)
   */
  public record Event(long seq, Instant time, FolderId folder, String path, FeedAction action, String from,
      String origin, FileType type, String hash, long size) {
    public static final String LOCAL = "local";

    static Event of(FeedEntry e) {
      return new Event(e.seq(), e.time(), e.folder(), e.path(), e.action(), e.renamedFrom(), originText(e.origin()),
          e.type(), e.contentHash() == null ? null : e.contentHash().toHex(), e.size());
    }

    private static String originText(ChangeOrigin origin) {
      return origin.isLocal() ? LOCAL : origin.peer().toString();
    }
  }

  public static EventsReport of(FeedPage page) {
    return new EventsReport(page.entries().stream().map(Event::of).toList(), page.latest(), page.oldest(),
        page.missed(), page.next());
  }
}
