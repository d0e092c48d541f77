package chorus.fsindex.scan;

/**
 * Chorus's own files inside a folder, which are never indexed or synced whatever the ignore patterns say:
 * temp files of transfers in progress ({@code .chorus-tmp.*}), the folder's ignore file
 * ({@code .chorusignore}, per device), the folder marker ({@code .chorus-folder}, whose absence stops the
 * folder: an unmounted disk must never look like "everything was deleted") and the versions area
 * ({@code .chorus-versions}, where replaced and deleted files are kept). The names are reserved at any
 * depth: a peer record naming one is refused, so a peer can never write into our temp files or versions.
 */
public final class InternalFiles {
  public static final String TEMP_PREFIX = ".chorus-tmp.";
  public static final String IGNORE_FILE = ".chorusignore";
  public static final String FOLDER_MARKER = ".chorus-folder";
  public static final String VERSIONS_DIR = ".chorus-versions";

  private InternalFiles() {}

  /** True if a file or directory with this name (the last path segment) belongs to chorus. */
  public static boolean isInternal(String name) {
    return name.startsWith(TEMP_PREFIX) || name.equals(IGNORE_FILE) || name.equals(FOLDER_MARKER)
        || name.equals(VERSIONS_DIR);
  }
}
