package chorus.transport.node;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for redialling a device: the n-th delay is drawn from
 * [d/2, d] where d = min(cap, initial * 2^n), so devices that lost each other at the same moment do not
 * redial in lockstep. {@link #reset} after a connection that worked. Not thread-safe: one per dial loop.
 */
public final class Backoff {
  private final long initialNanos;
  private final long capNanos;
  private final RandomGenerator random;
  private long ceiling;

  public Backoff(Duration initial, Duration cap, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= cap, got " + initial + " and " + cap);
    }
    this.initialNanos = initial.toNanos();
    this.capNanos = cap.toNanos();
    this.random = random;
    this.ceiling = initialNanos;
  }

  /** The delay before the next attempt; each call doubles the ceiling up to the cap. */
  public Duration next() {
    long c = ceiling;
    ceiling = c > capNanos / 2 ? capNanos : c * 2;
    long half = c / 2;
    return Duration.ofNanos(half + random.nextLong(c - half + 1));
  }

  /** Back to the initial delay. */
  public void reset() {
    ceiling = initialNanos;
  }
}
