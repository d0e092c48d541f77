package chorus.fsindex.scan;

/** Unwinds a scan's threads after another stage failed; the original failure is the cause. */
final class ScanAbortedException extends RuntimeException {
  ScanAbortedException(Throwable cause) {
    super("scan aborted: " + cause, cause);
  }
}
