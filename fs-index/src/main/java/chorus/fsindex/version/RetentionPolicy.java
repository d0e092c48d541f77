package chorus.fsindex.version;

import chorus.core.config.VersioningConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Which of one path's versions a scheme lets go. */
interface RetentionPolicy {
  /**
   * The versions of one path to remove at {@code now}.
   *
   * @param versions every kept version of one path, oldest first
   */
  List<StoredVersion> toRemove(List<StoredVersion> versions, Instant now);

  /** Syncthing's default number of versions for the simple scheme, used when the config says 0. */
  int DEFAULT_KEEP = 5;

  static RetentionPolicy of(VersioningConfig config) {
    return switch (config.type()) {
      case OFF -> (versions, now) -> List.of(); // nothing is archived; what was kept earlier stays until removed by hand
      case TRASH_CAN -> new NewestPolicy(1, days(config.cleanoutDays()));
      case SIMPLE -> new NewestPolicy(config.keep() == 0 ? DEFAULT_KEEP : config.keep(), days(config.cleanoutDays()));
      case STAGGERED -> StaggeredPolicy.withMaxAge(days(config.maxAgeDays()));
    };
  }

  /** {@code n} days, or null for 0 ("never"). */
  private static Duration days(int n) {
    return n == 0 ? null : Duration.ofDays(n);
  }
}
