package chorus.fsindex.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Debounces changed paths. A path is due once it has had no event for the quiet interval and its
 * state (size, mtime, ...) is still what it was at its last event; if the state moved without an event
 * (a writer that the kernel did not report, e.g. through mmap), the path waits another quiet
 * interval. A path is due regardless once {@code maxDelay} has passed since its first event, so a
 * file that never stops changing is still looked at now and then.
 *
 * <p>Not thread-safe: owned by the watcher thread. Time is whatever the caller passes in (nanoseconds
 * from an injected clock), so tests drive it by hand.
 */
final class ChangeAggregator {
  private static final class Pending {
    final String path;
    final long first;
    long last;
    PathState state;

    Pending(String path, long first) {
      this.path = path;
      this.first = first;
    }
  }

  private final long quietNanos;
  private final long maxDelayNanos;
  private final int maxPending;
  private final Function<String, PathState> probe;
  /** Ordered by last event: the head is the first to fall quiet. */
  private final LinkedHashMap<String, Pending> byLast = new LinkedHashMap<>();
  /** Ordered by first event: the head is the first to reach the maximum delay. */
  private final LinkedHashMap<String, Pending> byFirst = new LinkedHashMap<>();

  ChangeAggregator(long quietNanos, long maxDelayNanos, int maxPending, Function<String, PathState> probe) {
    this.quietNanos = quietNanos;
    this.maxDelayNanos = maxDelayNanos;
    this.maxPending = maxPending;
    this.probe = probe;
  }

  /**
   * Notes an event for {@code path} at {@code now}. Returns false, recording nothing, if the path is
   * new and {@code maxPending} paths already wait: the caller then falls back to a full rescan.
   */
  boolean record(String path, long now) {
    Pending p = byLast.remove(path);
    if (p == null) {
      if (byFirst.size() >= maxPending) {
        return false;
      }
      p = new Pending(path, now);
      byFirst.put(path, p);
    }
    p.last = now;
    p.state = probe.apply(path);
    byLast.put(path, p);
    return true;
  }

  /** Removes and returns the paths that are due at {@code now}, sorted; empty if none. */
  Set<String> takeDue(long now) {
    Set<String> due = new TreeSet<>();
    for (Iterator<Pending> it = byFirst.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.first < maxDelayNanos) {
        break;
      }
      it.remove();
      byLast.remove(p.path);
      due.add(p.path);
    }
    List<Pending> stillMoving = new ArrayList<>();
    for (Iterator<Pending> it = byLast.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.last < quietNanos) {
        break;
      }
      it.remove();
      PathState current = probe.apply(p.path);
      if (current.equals(p.state)) {
        byFirst.remove(p.path);
        due.add(p.path);
      } else {
        p.state = current;
        p.last = now;
        stillMoving.add(p);
      }
    }
    for (Pending p : stillMoving) {
      byLast.put(p.path, p);
    }
    return due.isEmpty() ? Set.of() : Collections.unmodifiableSet(due);
  }

  /** Nanoseconds from {@code now} until the next path may be due (0 if overdue), or Long.MAX_VALUE. */
  long nanosUntilNext(long now) {
    if (byLast.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long quietAt = byLast.values().iterator().next().last + quietNanos;
    long maxAt = byFirst.values().iterator().next().first + maxDelayNanos;
    return Math.max(0, Math.min(quietAt - now, maxAt - now));
  }

  int size() {
    return byFirst.size();
  }

  void clear() {
    byFirst.clear();
    byLast.clear();
  }
}
