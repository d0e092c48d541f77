package chorus.fsindex.version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Syncthing's staggered scheme ({@code lib/versioner/staggered.go}): walking a path's versions oldest
 * first, the oldest is kept, and each newer one is kept only if it is at least one step newer than the
 * last one kept, the step being that of the interval its age falls in: 30 s in the first hour, 1 h in the
 * first day, 1 day in the first 30 days, 1 week after that. Versions older than the maximum age are
 * removed. So each interval keeps its oldest version, and a version archived within 30 s of the one
 * before it goes at once.
 */
final class StaggeredPolicy implements RetentionPolicy {
  /** Syncthing's default maximum age. */
  static final int DEFAULT_MAX_AGE_DAYS = 365;

  private record Interval(Duration step, Duration end) {}

  private static final List<Interval> FIRST_MONTH = List.of(
      new Interval(Duration.ofSeconds(30), Duration.ofHours(1)),
      new Interval(Duration.ofHours(1), Duration.ofDays(1)),
      new Interval(Duration.ofDays(1), Duration.ofDays(30)));
  private static final Duration WEEK = Duration.ofDays(7);

  /** Null: versions are never too old. */
  private final Duration maxAge;

  private StaggeredPolicy(Duration maxAge) {
    this.maxAge = maxAge;
  }

  /** @param maxAge versions older than this are removed; null: never */
  static StaggeredPolicy withMaxAge(Duration maxAge) {
    return new StaggeredPolicy(maxAge);
  }

  @Override
  public List<StoredVersion> toRemove(List<StoredVersion> versions, Instant now) {
    List<StoredVersion> remove = new ArrayList<>();
    StoredVersion lastKept = null;
    for (StoredVersion v : versions) {
      Duration age = Duration.between(v.versionTime(), now);
      if (maxAge != null && age.compareTo(maxAge) > 0) {
        remove.add(v);
        continue;
      }
      if (lastKept != null && Duration.between(lastKept.versionTime(), v.versionTime()).compareTo(step(age)) < 0) {
        remove.add(v);
        continue;
      }
      lastKept = v;
    }
    return remove;
  }

  private static Duration step(Duration age) {
    for (Interval i : FIRST_MONTH) {
      if (age.compareTo(i.end()) < 0) {
        return i.step();
      }
    }
    return WEEK;
  }
}
