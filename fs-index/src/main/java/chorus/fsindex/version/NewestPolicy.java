package chorus.fsindex.version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The trash can (keep 1) and simple (keep N) schemes: the newest {@code keep} versions of a path stay,
 * and any version older than the cleanout age goes, even one of the newest.
 */
final class NewestPolicy implements RetentionPolicy {
  private final int keep;
  private final Duration cleanout;

  /** @param cleanout versions older than this are removed; null: never */
  NewestPolicy(int keep, Duration cleanout) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.keep = keep;
    this.cleanout = cleanout;
  }

  @Override
  public List<StoredVersion> toRemove(List<StoredVersion> versions, Instant now) {
    List<StoredVersion> remove = new ArrayList<>();
    int surplus = versions.size() - keep;
    for (int i = 0; i < versions.size(); i++) {
      StoredVersion v = versions.get(i);
      boolean tooOld = cleanout != null && Duration.between(v.versionTime(), now).compareTo(cleanout) > 0;
      if (i < surplus || tooOld) {
        remove.add(v);
      }
    }
    return remove;
  }
}
