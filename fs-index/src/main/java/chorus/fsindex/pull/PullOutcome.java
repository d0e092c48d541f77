package chorus.fsindex.pull;

import chorus.core.model.FileRecord;

/** How one task ended: the record committed for it, or why it failed. */
public record PullOutcome(String path, FileRecord stored, PullFailure failure) {
  public boolean ok() {
    return failure == null;
  }
}
