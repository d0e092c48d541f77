package chorus.fsindex.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FolderWatcher} batches and backs itself up.
 *
 * @param quiet a changed path is delivered once it has had no event for this long and its size and
 *     mtime are what they were at its last event (so a file still being written waits)
 * @param maxDelay a path that keeps changing is delivered anyway this long after its first event
 * @param rescanInterval mean interval of the periodic full rescan ({@link Duration#ZERO}: none); the
 *     actual interval is drawn at random within {@code ±rescanJitter} of it
 * @param rescanJitter fraction in [0, 1): 0.25 means 0.75 to 1.25 times the interval
 * @param maxPending if more paths than this are waiting, they are dropped for one full rescan
 */
public record WatchOptions(
    Duration quiet, Duration maxDelay, Duration rescanInterval, double rescanJitter, int maxPending) {

  /** 200 ms quiet, 30 s at most, full rescan every hour ±25 %, 10,000 paths pending at most. */
  public static final WatchOptions DEFAULTS =
      new WatchOptions(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofHours(1), 0.25, 10_000);

  public WatchOptions {
    Objects.requireNonNull(quiet, "quiet");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    if (quiet.isNegative() || quiet.isZero()) {
      throw new IllegalArgumentException("quiet must be positive, was " + quiet);
    }
    if (maxDelay.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than quiet " + quiet);
    }
    if (rescanInterval.isNegative()) {
      throw new IllegalArgumentException("rescanInterval must not be negative, was " + rescanInterval);
    }
    if (!(rescanJitter >= 0 && rescanJitter < 1)) {
      throw new IllegalArgumentException("rescanJitter must be in [0, 1), was " + rescanJitter);
    }
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
    }
  }

  public WatchOptions withQuiet(Duration newQuiet) {
    return new WatchOptions(newQuiet, maxDelay.compareTo(newQuiet) < 0 ? newQuiet : maxDelay, rescanInterval,
        rescanJitter, maxPending);
  }

  public WatchOptions withRescanInterval(Duration newInterval) {
    return new WatchOptions(quiet, maxDelay, newInterval, rescanJitter, maxPending);
  }
}
