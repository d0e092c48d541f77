package chorus.core.config;

import java.util.Locale;

/**
 * How a folder keeps the files that sync replaces or deletes, in {@code .chorus-versions/} inside the
 * folder (never synced). The numbers that a type does not use are 0.
 *
 * @param type what is kept
 * @param keep SIMPLE: how many versions of a file are kept
 * @param cleanoutDays TRASH_CAN and SIMPLE: versions older than this many days are removed (0 = never)
 * @param maxAgeDays STAGGERED: versions older than this many days are removed (0 = never)
 */
public record VersioningConfig(Type type, int keep, int cleanoutDays, int maxAgeDays) {
  /** The versioning schemes, as Syncthing users know them. */
  public enum Type {
    /** Replaced and deleted files are gone. */
    OFF("off"),
    /** The last version of each file is kept. */
    TRASH_CAN("trashcan"),
    /** The last {@code keep} versions of each file are kept. */
    SIMPLE("simple"),
    /** One version per interval: every 30 s for the first hour, hourly for a day, daily for 30 days, weekly after. */
    STAGGERED("staggered");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    public static Type parse(String text) {
      for (Type t : values()) {
        if (t.text.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "versioning \"" + text + "\" is invalid: use off, trashcan, simple or staggered");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public static final VersioningConfig OFF = new VersioningConfig(Type.OFF, 0, 0, 0);

  public VersioningConfig {
    type = type == null ? Type.OFF : type;
    if (keep < 0 || cleanoutDays < 0 || maxAgeDays < 0) {
      throw new IllegalArgumentException("versioning numbers must be >= 0");
    }
  }
}
