package chorus.core.model;

import java.util.Locale;

/**
 * Names chorus owns inside a folder, which are never indexed or synced whatever the ignore patterns say:
 * temp files of transfers in progress ({@code .chorus-tmp.*}), the folder's ignore file
 * ({@code .chorusignore}, per device), the folder marker ({@code .chorus-folder}, whose absence stops the
 * folder: an unmounted disk must never look like "everything was deleted") and the versions area
 * ({@code .chorus-versions}, where replaced and deleted files are kept).
 *
 * <p>They live in core because two sides need the same list: the scanner skips them, and a peer's record
 * naming one at any depth is refused ({@link chorus.core.sync.PeerRecordCheck}), so a peer can never write
 * into our temp files, our versions or our ignore file.
 */
public final class ReservedNames {
  public static final String TEMP_PREFIX = ".chorus-tmp.";
  public static final String IGNORE_FILE = ".chorusignore";
  public static final String FOLDER_MARKER = ".chorus-folder";
  public static final String VERSIONS_DIR = ".chorus-versions";

  private ReservedNames() {}

  /** True if a file or directory with this exact name (one path segment) belongs to chorus. */
  public static boolean isReserved(String name) {
    return name.startsWith(TEMP_PREFIX) || name.equals(IGNORE_FILE) || name.equals(FOLDER_MARKER)
        || name.equals(VERSIONS_DIR);
  }

  /**
   * True if this segment is a reserved name in any ASCII case. For names from peers: on a case-insensitive
   * file system (exFAT or FAT on a music disk, macOS) {@code .Chorus-Versions} is our versions directory.
   */
  public static boolean isReservedIgnoringCase(String name) {
    return isReserved(name.toLowerCase(Locale.ROOT));
  }

  /** The first segment of a {@code /}-separated path that is reserved in any case, or null. */
  public static String firstReservedSegment(String path) {
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      String segment = path.substring(start, end);
      if (isReservedIgnoringCase(segment)) {
        return segment;
      }
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
    return null;
  }
}
