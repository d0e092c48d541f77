package chorus.fsindex.watch;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When the next periodic full rescan is due: the configured interval scaled by a random factor in
 * {@code [1 - jitter, 1 + jitter)}, as Syncthing does, so that folders (and hosts) started together do
 * not all scan at once. An interval of zero disables it. Clock and randomness come from the caller.
 */
final class PeriodicRescan {
  private final long intervalNanos;
  private final double jitter;
  private final RandomGenerator random;
  private long nextAt;

  PeriodicRescan(Duration interval, double jitter, RandomGenerator random, long now) {
    this.intervalNanos = interval.toNanos();
    this.jitter = jitter;
    this.random = random;
    schedule(now);
  }

  boolean enabled() {
    return intervalNanos > 0;
  }

  /** The delay to the next rescan, freshly drawn. */
  long drawDelayNanos() {
    long span = Math.round(2 * jitter * intervalNanos); // the width of [1 - jitter, 1 + jitter)
    long offset = span == 0 ? 0 : Math.min(span - 1, (long) (span * random.nextDouble()));
    return Math.max(1, intervalNanos - span / 2 + offset);
  }

  /** Sets the next rescan one drawn delay after {@code now}. */
  void schedule(long now) {
    nextAt = enabled() ? now + drawDelayNanos() : Long.MAX_VALUE;
  }

  boolean due(long now) {
    return enabled() && now - nextAt >= 0;
  }

  /** Nanoseconds until due (0 if due), or Long.MAX_VALUE if disabled. */
  long nanosUntil(long now) {
    return enabled() ? Math.max(0, nextAt - now) : Long.MAX_VALUE;
  }
}
