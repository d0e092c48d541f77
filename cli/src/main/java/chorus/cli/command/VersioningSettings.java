package chorus.cli.command;

import chorus.cli.config.ConfigException;
import chorus.core.config.VersioningConfig;
import chorus.core.config.VersioningConfig.Type;

/**
 * The versioning part of {@code chorus folder set}: a new {@link VersioningConfig} from the current one and
 * the options given, and the short text {@code folder list} shows. A number is accepted only by the
 * types that use it, so a mistyped combination is refused rather than silently ignored.
 */
final class VersioningSettings {
  /** Syncthing's defaults, used when a type is chosen without its number. */
  static final int DEFAULT_KEEP = 5;
  static final int DEFAULT_MAX_AGE_DAYS = 365;

  private VersioningSettings() {}

  /**
   * The folder's versioning after the change. A new type starts from its defaults; the same type (or none
   * given) keeps the current numbers; then the numbers given replace theirs.
   */
  static VersioningConfig apply(VersioningConfig current, Type type, Integer keep, Integer cleanoutDays,
      Integer maxAgeDays) throws ConfigException {
    Type newType = type == null ? current.type() : type;
    VersioningConfig base = newType == current.type() ? current : defaults(newType);
    if (keep != null) {
      require(newType == Type.SIMPLE, "--keep", "simple", newType);
      if (keep < 1) {
        throw new ConfigException("--keep must be at least 1, got " + keep);
      }
    }
    if (cleanoutDays != null) {
      require(newType == Type.TRASH_CAN || newType == Type.SIMPLE, "--cleanout-days", "trashcan and simple", newType);
      requireNotNegative("--cleanout-days", cleanoutDays);
    }
    if (maxAgeDays != null) {
      require(newType == Type.STAGGERED, "--max-age-days", "staggered", newType);
      requireNotNegative("--max-age-days", maxAgeDays);
    }
    return new VersioningConfig(newType, keep == null ? base.keep() : keep,
        cleanoutDays == null ? base.cleanoutDays() : cleanoutDays, maxAgeDays == null ? base.maxAgeDays() : maxAgeDays);
  }

  static VersioningConfig defaults(Type type) {
    return switch (type) {
      case OFF -> VersioningConfig.OFF;
      case TRASH_CAN -> new VersioningConfig(Type.TRASH_CAN, 0, 0, 0);
      case SIMPLE -> new VersioningConfig(Type.SIMPLE, DEFAULT_KEEP, 0, 0);
      case STAGGERED -> new VersioningConfig(Type.STAGGERED, 0, 0, DEFAULT_MAX_AGE_DAYS);
    };
  }

  /** E.g. {@code off}, {@code trashcan 30d}, {@code simple keep 5}, {@code staggered 365d}, {@code staggered forever}. */
  static String describe(VersioningConfig v) {
    return switch (v.type()) {
      case OFF -> "off";
      case TRASH_CAN -> "trashcan" + (v.cleanoutDays() == 0 ? "" : " " + v.cleanoutDays() + "d");
      case SIMPLE -> "simple keep " + (v.keep() == 0 ? DEFAULT_KEEP : v.keep())
          + (v.cleanoutDays() == 0 ? "" : " " + v.cleanoutDays() + "d");
      case STAGGERED -> "staggered " + (v.maxAgeDays() == 0 ? "forever" : v.maxAgeDays() + "d");
    };
  }

  private static void require(boolean ok, String option, String types, Type actual) throws ConfigException {
    if (!ok) {
      throw new ConfigException(option + " applies to " + types + " versioning only, not " + actual
          + "; choose the type with --versioning");
    }
  }

  private static void requireNotNegative(String option, int value) throws ConfigException {
    if (value < 0) {
      throw new ConfigException(option + " must be 0 (never) or more, got " + value);
    }
  }
}
