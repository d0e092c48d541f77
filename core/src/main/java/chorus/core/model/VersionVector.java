package chorus.core.model;

import chorus.core.id.ShortId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A version vector: for each device that changed a file, how far it got. Immutable; counters are kept
 * sorted by device so that equal vectors are equal lists and encode to equal bytes.
 *
 * <p>A local change sets our counter to {@code max(old + 1, now in seconds)}, so counters double as
 * coarse clocks and a device that lost its index still moves past what it wrote before.
 */
public final class VersionVector {
  /** A device's counter in a vector. */
  public record Counter(ShortId device, long value) {
    public Counter {
      if (device == null) {
        throw new IllegalArgumentException("counter device is null");
      }
      if (value <= 0) {
        throw new IllegalArgumentException("counter value must be > 0, got " + value + " for " + device);
      }
    }
  }

  /** How two vectors relate. */
  public enum Ordering {
    EQUAL,
    GREATER,
    LESSER,
    CONCURRENT
  }

  public static final VersionVector EMPTY = new VersionVector(new Counter[0]);

  private final Counter[] counters;

  private VersionVector(Counter[] sortedCounters) {
    this.counters = sortedCounters;
  }

  /** Builds a vector from counters in any order; a device may appear only once. */
  public static VersionVector of(List<Counter> counters) {
    Counter[] sorted = counters.toArray(new Counter[0]);
    Arrays.sort(sorted, (a, b) -> a.device().compareTo(b.device()));
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].device().equals(sorted[i - 1].device())) {
        throw new IllegalArgumentException("device " + sorted[i].device() + " appears twice in a version vector");
      }
    }
    return new VersionVector(sorted);
  }

  public List<Counter> counters() {
    return Collections.unmodifiableList(Arrays.asList(counters));
  }

  public boolean isEmpty() {
    return counters.length == 0;
  }

  public long counter(ShortId device) {
    for (Counter c : counters) {
      if (c.device().equals(device)) {
        return c.value();
      }
    }
    return 0;
  }

  /** The vector after a change made by {@code device} at {@code nowSeconds} (Unix time). */
  public VersionVector update(ShortId device, long nowSeconds) {
    long next = Math.max(counter(device) + 1, nowSeconds);
    List<Counter> out = new ArrayList<>(counters.length + 1);
    boolean replaced = false;
    for (Counter c : counters) {
      if (c.device().equals(device)) {
        out.add(new Counter(device, next));
        replaced = true;
      } else {
        out.add(c);
      }
    }
    if (!replaced) {
      out.add(new Counter(device, next));
    }
    return of(out);
  }

  /** The counter-wise maximum of both vectors. */
  public VersionVector merge(VersionVector other) {
    List<Counter> out = new ArrayList<>(counters.length + other.counters.length);
    int i = 0;
    int j = 0;
    while (i < counters.length || j < other.counters.length) {
      if (j >= other.counters.length
          || (i < counters.length && counters[i].device().compareTo(other.counters[j].device()) < 0)) {
        out.add(counters[i++]);
      } else if (i >= counters.length || counters[i].device().compareTo(other.counters[j].device()) > 0) {
        out.add(other.counters[j++]);
      } else {
        out.add(counters[i].value() >= other.counters[j].value() ? counters[i] : other.counters[j]);
        i++;
        j++;
      }
    }
    return new VersionVector(out.toArray(new Counter[0]));
  }

  /** How this vector relates to {@code other}. */
  public Ordering compare(VersionVector other) {
    boolean greater = false;
    boolean lesser = false;
    int i = 0;
    int j = 0;
    while (i < counters.length || j < other.counters.length) {
      long mine;
      long theirs;
      if (j >= other.counters.length
          || (i < counters.length && counters[i].device().compareTo(other.counters[j].device()) < 0)) {
        mine = counters[i++].value();
        theirs = 0;
      } else if (i >= counters.length || counters[i].device().compareTo(other.counters[j].device()) > 0) {
        mine = 0;
        theirs = other.counters[j++].value();
      } else {
        mine = counters[i++].value();
        theirs = other.counters[j++].value();
      }
      greater |= mine > theirs;
      lesser |= mine < theirs;
    }
    if (greater && lesser) {
      return Ordering.CONCURRENT;
    }
    return greater ? Ordering.GREATER : lesser ? Ordering.LESSER : Ordering.EQUAL;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionVector v && Arrays.equals(counters, v.counters);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counters);
  }

  /** E.g. {@code {MFZWI3D:1732612345, BONSGYC:3}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < counters.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(counters[i].device()).append(':').append(counters[i].value());
    }
    return sb.append('}').toString();
  }
}
