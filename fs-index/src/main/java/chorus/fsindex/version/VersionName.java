package chorus.fsindex.version;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a kept version, Syncthing's: {@code song~20261202-142530.flac}, the tag before the last
 * extension, or at the end for a name without one ({@code README~20261202-142530}; a leading dot is not an
 * extension, so {@code .hidden~20261202-142530}). A second version archived in the same second gets
 * {@code -2}, then {@code -3}, ... after the tag.
 *
 * <p>The time is UTC, not Syncthing's local time: a local-time name is ambiguous in the hour the clocks go
 * back, and a folder's versions must read the same on every host whatever its zone.
 */
final class VersionName {
  static final DateTimeFormatter TAG = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Greedy base, so a name that already looks tagged ({@code a~20200101-000000}) keeps its tag-like part. */
  private static final Pattern VERSIONED = Pattern.compile("(.+)~(\\d{8}-\\d{6})(?:-([1-9]\\d{0,8}))?(\\.[^.]*)?");

  /** What a version's file name says. */
  record Parsed(String originalName, Instant time, int serial) {}

  private VersionName() {}

  /** The file name of the version of {@code name} archived at {@code time}, the {@code serial}-th in that second. */
  static String of(String name, Instant time, int serial) {
    int dot = name.lastIndexOf('.');
    boolean hasExtension = dot > 0;
    String base = hasExtension ? name.substring(0, dot) : name;
    String extension = hasExtension ? name.substring(dot) : "";
    return base + "~" + TAG.format(time) + (serial > 1 ? "-" + serial : "") + extension;
  }

  /** The tag's time, or null if {@code tag} is not {@code YYYYMMDD-HHMMSS} (a real date and time). */
  static Instant parseTag(String tag) {
    try {
      return LocalDateTime.parse(tag, DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss")).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The parts of a version's file name, or null if it is not one (someone else's file: left alone). */
  static Parsed parse(String fileName) {
    Matcher m = VERSIONED.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    Instant time = parseTag(m.group(2));
    if (time == null) {
      return null;
    }
    String extension = m.group(4) == null ? "" : m.group(4);
    String original = m.group(1) + extension;
    // A name that this class would not have written (".x" read back from "~TAG.x" has no base) is not ours.
    int serial = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    if (serial == 1 && m.group(3) != null || !of(original, time, serial).equals(fileName)) {
      return null;
    }
    return new Parsed(original, time, serial);
  }
}
