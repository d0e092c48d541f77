package chorus.fsindex.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PeriodicRescanTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();

  /** A random source that returns the given doubles in turn. */
  private static RandomGenerator fixed(double... values) {
    return new RandomGenerator() {
      int i;

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return values[i++ % values.length];
      }
    };
  }

  @Test
  void theExtremesOfTheRandomSourceGiveThreeQuartersAndJustUnderFiveQuarters() {
    PeriodicRescan lowest = new PeriodicRescan(Duration.ofHours(1), 0.25, fixed(0.0), 0);
    assertEquals(HOUR * 3 / 4, lowest.nanosUntil(0));
    PeriodicRescan highest = new PeriodicRescan(Duration.ofHours(1), 0.25, fixed(Math.nextDown(1.0)), 0);
    assertTrue(highest.nanosUntil(0) < HOUR * 5 / 4);
    assertTrue(highest.nanosUntil(0) > HOUR * 5 / 4 - 1_000);
    PeriodicRescan middle = new PeriodicRescan(Duration.ofHours(1), 0.25, fixed(0.5), 0);
    assertEquals(HOUR, middle.nanosUntil(0));
  }

  @Test
  void everyDrawIsWithinTwentyFivePercentAndTheyVary() {
    PeriodicRescan r = new PeriodicRescan(Duration.ofHours(1), 0.25, new Random(3), 0);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long d = r.drawDelayNanos();
      assertTrue(d >= HOUR * 3 / 4 && d < HOUR * 5 / 4, "delay " + d);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < HOUR * 0.76 && max > HOUR * 1.24, "draws should cover the range: " + min + ".." + max);
  }

  @Test
  void dueFollowsTheInjectedClockAndReschedulesFromWhenItRan() {
    long start = 5_000;
    PeriodicRescan r = new PeriodicRescan(Duration.ofHours(1), 0.25, fixed(0.0, 1.0 / 2), start);
    long first = start + HOUR * 3 / 4;
    assertFalse(r.due(first - 1));
    assertTrue(r.due(first));
    long ranAt = first + 17; // the watcher got to it a little late
    r.schedule(ranAt);
    assertFalse(r.due(ranAt + HOUR - 1));
    assertTrue(r.due(ranAt + HOUR));
  }

  @Test
  void aZeroIntervalDisablesIt() {
    PeriodicRescan r = new PeriodicRescan(Duration.ZERO, 0.25, fixed(0.5), 0);
    assertFalse(r.due(Long.MAX_VALUE / 2));
    assertEquals(Long.MAX_VALUE, r.nanosUntil(0));
  }
}
