package chorus.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ShortId;
import chorus.core.model.VersionVector.Counter;
import chorus.core.model.VersionVector.Ordering;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Direct cases, then seeded properties over thousands of random vectors of a few devices. */
class VersionVectorTest {
  private static final ShortId A = new ShortId(1);
  private static final ShortId B = new ShortId(2);
  private static final ShortId C = new ShortId(-5); // sorts by its unsigned value: after A and B
  private static final ShortId[] DEVICES = {A, B, C, new ShortId(0x7fff_0000_0000_0000L)};
  private static final int ROUNDS = 5_000;

  private static VersionVector v(Object... deviceThenCounter) {
    List<Counter> counters = new ArrayList<>();
    for (int i = 0; i < deviceThenCounter.length; i += 2) {
      counters.add(new Counter((ShortId) deviceThenCounter[i], ((Number) deviceThenCounter[i + 1]).longValue()));
    }
    return VersionVector.of(counters);
  }

  // ---- direct cases -------------------------------------------------------------------------------

  @Test
  void compareNamesEachOrdering() {
    assertEquals(Ordering.EQUAL, VersionVector.EMPTY.compare(VersionVector.EMPTY));
    assertEquals(Ordering.EQUAL, v(A, 1, B, 2).compare(v(B, 2, A, 1)));
    assertEquals(Ordering.GREATER, v(A, 2).compare(v(A, 1)));
    assertEquals(Ordering.GREATER, v(A, 1, B, 1).compare(v(A, 1)));
    assertEquals(Ordering.LESSER, VersionVector.EMPTY.compare(v(C, 1)));
    assertEquals(Ordering.CONCURRENT, v(A, 2, B, 1).compare(v(A, 1, B, 2)));
    assertEquals(Ordering.CONCURRENT, v(A, 1).compare(v(B, 1)));
  }

  @Test
  void ofSortsAndRefusesDuplicatesAndNonPositiveCounters() {
    assertEquals(List.of(new Counter(A, 1), new Counter(B, 2), new Counter(C, 3)), v(C, 3, A, 1, B, 2).counters());
    assertThrows(IllegalArgumentException.class, () -> v(A, 1, A, 2));
    assertThrows(IllegalArgumentException.class, () -> v(A, 0));
    assertThrows(IllegalArgumentException.class, () -> v(A, -1));
  }

  @Test
  void updateUsesTheClockOrCountsOnAndAddsAMissingDevice() {
    assertEquals(v(A, 1_700_000_000L), VersionVector.EMPTY.update(A, 1_700_000_000L));
    assertEquals(v(A, 8), v(A, 7).update(A, 3), "a clock behind the counter still moves it on");
    assertEquals(v(A, 7, B, 100), v(A, 7).update(B, 100));
    assertEquals(0, v(A, 7).counter(B));
  }

  @Test
  void mergeIsTheCounterWiseMaximum() {
    assertEquals(v(A, 3, B, 5, C, 1), v(A, 3, B, 1).merge(v(B, 5, C, 1)));
    assertEquals(v(A, 3), v(A, 3).merge(VersionVector.EMPTY));
  }

  @Test
  void equalsAndHashCodeFollowTheCounters() {
    assertEquals(v(A, 1, B, 2), v(B, 2, A, 1));
    assertEquals(v(A, 1, B, 2).hashCode(), v(B, 2, A, 1).hashCode());
    assertNotEquals(v(A, 1), v(A, 2));
    assertNotEquals(v(A, 1), v(B, 1));
  }

  // ---- properties ----------------------------------------------------------------------------------

  /** A random vector over a subset of DEVICES, counters from a small range so equal counters are common. */
  private static VersionVector random(Random r) {
    List<Counter> counters = new ArrayList<>();
    for (ShortId d : DEVICES) {
      if (r.nextInt(3) > 0) {
        counters.add(new Counter(d, 1 + r.nextInt(4)));
      }
    }
    return VersionVector.of(counters);
  }

  /** The definition: compare counter by counter, a missing device counting 0. */
  private static Ordering byDefinition(VersionVector a, VersionVector b) {
    boolean greater = false;
    boolean lesser = false;
    for (ShortId d : DEVICES) {
      greater |= a.counter(d) > b.counter(d);
      lesser |= a.counter(d) < b.counter(d);
    }
    return greater && lesser ? Ordering.CONCURRENT : greater ? Ordering.GREATER : lesser ? Ordering.LESSER
        : Ordering.EQUAL;
  }

  private static boolean atLeast(VersionVector a, VersionVector b) {
    Ordering o = a.compare(b);
    return o == Ordering.GREATER || o == Ordering.EQUAL;
  }

  private static Ordering mirror(Ordering o) {
    return switch (o) {
      case GREATER -> Ordering.LESSER;
      case LESSER -> Ordering.GREATER;
      default -> o;
    };
  }

  @Test
  void compareIsAntisymmetricConsistentWithEqualsAndWithTheDefinition() {
    Random r = new Random(20261202L);
    int[] seen = new int[Ordering.values().length];
    for (int i = 0; i < ROUNDS; i++) {
      VersionVector a = random(r);
      VersionVector b = r.nextInt(5) == 0 ? VersionVector.of(a.counters()) : random(r);
      Ordering ab = a.compare(b);
      String where = "round " + i + ": " + a + " vs " + b;
      assertEquals(mirror(ab), b.compare(a), where);
      assertEquals(ab == Ordering.EQUAL, a.equals(b), where);
      assertEquals(byDefinition(a, b), ab, where);
      assertEquals(Ordering.EQUAL, a.compare(a), where);
      seen[ab.ordinal()]++;
    }
    for (Ordering o : Ordering.values()) {
      assertTrue(seen[o.ordinal()] > ROUNDS / 50, "the random vectors must exercise " + o + ": " + seen[o.ordinal()]);
    }
  }

  @Test
  void mergeIsTheLeastUpperBound() {
    Random r = new Random(7L);
    for (int i = 0; i < ROUNDS; i++) {
      VersionVector a = random(r);
      VersionVector b = random(r);
      VersionVector m = a.merge(b);
      String where = "round " + i + ": " + a + " merge " + b + " = " + m;
      assertTrue(atLeast(m, a) && atLeast(m, b), where + " is not >= both");
      assertEquals(m, b.merge(a), where + " is not commutative");
      assertEquals(a, a.merge(a), where + " is not idempotent");
      // Any c >= both that is <= m is m itself: nothing smaller than m bounds both.
      VersionVector c = random(r).merge(m); // an upper bound of both, often equal to m
      assertTrue(atLeast(c, a) && atLeast(c, b), where);
      assertTrue(atLeast(c, m), where + ": an upper bound " + c + " below the merge");
      if (atLeast(m, c)) {
        assertEquals(m, c, where);
      }
      // And dropping any counter of m (or lowering it) no longer bounds both.
      for (Counter k : m.counters()) {
        List<Counter> lower = new ArrayList<>(m.counters());
        lower.remove(k);
        if (k.value() > 1) {
          lower.add(new Counter(k.device(), k.value() - 1));
        }
        VersionVector smaller = VersionVector.of(lower);
        assertTrue(!atLeast(smaller, a) || !atLeast(smaller, b), where + ": " + smaller + " bounds both too");
      }
    }
  }

  @Test
  void updateAlwaysMakesTheResultGreater() {
    Random r = new Random(99L);
    for (int i = 0; i < ROUNDS; i++) {
      VersionVector a = random(r);
      ShortId d = DEVICES[r.nextInt(DEVICES.length)];
      long now = r.nextInt(8); // often behind the counter, sometimes ahead
      VersionVector u = a.update(d, now);
      String where = "round " + i + ": " + a + " updated by " + d + " at " + now + " = " + u;
      assertEquals(Ordering.GREATER, u.compare(a), where);
      assertEquals(Ordering.LESSER, a.compare(u), where);
      assertTrue(u.counter(d) >= now, where);
      for (ShortId other : DEVICES) {
        if (!other.equals(d)) {
          assertEquals(a.counter(other), u.counter(other), where + ": only the updating device's counter moves");
        }
      }
    }
  }
}
