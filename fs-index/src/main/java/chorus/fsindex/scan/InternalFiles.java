package chorus.fsindex.scan;

/**
 * Chorus's own files inside a folder, which are never indexed whatever the ignore patterns say: temp files
 * of transfers in progress ({@code .chorus-tmp.*}) and the folder's ignore file ({@code .chorusignore}),
 * which is per device and not synced.
 */
public final class InternalFiles {
  public static final String TEMP_PREFIX = ".chorus-tmp.";
  public static final String IGNORE_FILE = ".chorusignore";

  private InternalFiles() {}

  /** True if a file or directory with this name (the last path segment) belongs to chorus. */
  public static boolean isInternal(String name) {
    return name.startsWith(TEMP_PREFIX) || name.equals(IGNORE_FILE);
  }
}
