package chorus.fsindex.scan;

import chorus.core.model.ReservedNames;

/**
 * Chorus's own files inside a folder, which the scanner never indexes: the names are
 * {@link ReservedNames} (in core, so that the check of peers' records uses the same list). Kept as the
 * scanner's name for them.
 */
public final class InternalFiles {
  public static final String TEMP_PREFIX = ReservedNames.TEMP_PREFIX;
  public static final String IGNORE_FILE = ReservedNames.IGNORE_FILE;
  public static final String FOLDER_MARKER = ReservedNames.FOLDER_MARKER;
  public static final String VERSIONS_DIR = ReservedNames.VERSIONS_DIR;

  private InternalFiles() {}

  /** True if a file or directory with this name (the last path segment) belongs to chorus. */
  public static boolean isInternal(String name) {
    return ReservedNames.isReserved(name);
  }
}
