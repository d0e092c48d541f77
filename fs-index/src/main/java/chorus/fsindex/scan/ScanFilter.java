package chorus.fsindex.scan;

/**
 * Which paths a scan leaves out: the folder's ignore patterns plus chorus's own temp and marker files.
 * Paths are relative to the folder root, {@code /}-separated, NFC.
 */
public interface ScanFilter {
  /** Leaves out nothing (but implementations for real folders always leave out chorus's own files). */
  ScanFilter NONE = new ScanFilter() {
    @Override
    public boolean isIgnored(String relativePath, boolean directory) {
      return false;
    }

    @Override
    public boolean canSkipDirectory(String relativePath) {
      return false;
    }
  };

  /** True if the path is not to be indexed. */
  boolean isIgnored(String relativePath, boolean directory);

  /**
   * True if the directory is ignored and nothing below it can be un-ignored by a later negated pattern,
   * so the walk need not descend into it.
   */
  boolean canSkipDirectory(String relativePath);
}
