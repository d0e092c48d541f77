package chorus.transport.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  /** A "random" source that always answers the lowest or highest value it may. */
  private static RandomGenerator fixed(boolean highest) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return highest ? bound - 1 : 0;
      }
    };
  }

  @Test
  void doublesUpToTheCapWithJitterInTheUpperHalf() {
    Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), fixed(true));
    Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), fixed(false));
    long[] expectedCeilings = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long ceiling : expectedCeilings) {
      assertEquals(Duration.ofSeconds(ceiling), high.next());
      assertEquals(Duration.ofSeconds(ceiling).dividedBy(2), low.next());
    }
  }

  @Test
  void resetStartsOver() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60), fixed(true));
    for (int i = 0; i < 20; i++) {
      b.next();
    }
    assertEquals(Duration.ofSeconds(60), b.next());
    b.reset();
    assertEquals(Duration.ofMillis(100), b.next());
  }

  @Test
  void realRandomnessStaysInRange() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.getDefault());
    for (int i = 0; i < 100; i++) {
      Duration d = b.next();
      assertTrue(d.compareTo(Duration.ofMillis(500)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0, d::toString);
    }
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), RandomGenerator.getDefault()));
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), RandomGenerator.getDefault()));
  }
}
