package chorus.fsindex.scan;

/** A path the scan could not index, and why. The scan goes on; the path keeps its previous record. */
public record ScanProblem(String path, String reason) {
  @Override
  public String toString() {
    return (path.isEmpty() ? "(folder root)" : path) + ": " + reason;
  }
}
