package chorus.fsindex.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of the change feed the index keeps. Both bounds hold at once: an entry goes when it is older
 * than {@code maxAge} or when more than {@code maxEntries} newer ones exist; the newest entry always stays
 * (the next sequence is read back from it at open).
 *
 * @param trimEvery how many entries may be appended between two trims: trimming is a read of the oldest
 *     entries and one range delete, written with the batch that crosses the mark, so it costs nothing per
 *     change; in between the feed may hold up to this many entries beyond its bounds
 */
public record FeedOptions(Duration maxAge, long maxEntries, int trimEvery) {
  /** 30 days or 1,000,000 entries (about 100 MB before compression with 40-byte paths), trimmed every 4096. */
  public static final FeedOptions DEFAULT = new FeedOptions(Duration.ofDays(30), 1_000_000, 4096);

  public FeedOptions {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the feed's maximum age must be positive, got " + maxAge);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the feed must keep at least one entry, got " + maxEntries);
    }
    if (trimEvery < 1) {
      throw new IllegalArgumentException("the feed's trim interval must be at least 1 entry, got " + trimEvery);
    }
  }
}
