package chorus.core.feed;

import java.util.List;

/**
 * One read of the change feed: the entries after the position asked for, and where the feed stands.
 *
 * @param entries in sequence order; at most the number asked for
 * @param oldest the oldest sequence still held: every entry from it to {@code latest} can be read (when
 *     nothing is held, {@code latest + 1})
 * @param latest the newest sequence (0 before the first change)
 * @param missed true if entries after the position asked for are gone: trimmed by the feed's bounds
 *     before they were read, or the position is beyond {@code latest} (the feed was started again, e.g. the
 *     index was rebuilt). The consumer should resynchronise from its source of truth.
 * @param next the position to ask from next time: the last sequence this page covers (with a folder filter
 *     it may lie past the last entry returned; without entries it is the position asked for, or the
 *     oldest held minus one after a miss)
 */
public record FeedPage(List<FeedEntry> entries, long oldest, long latest, boolean missed, long next) {
  public FeedPage {
    entries = List.copyOf(entries);
  }
}
