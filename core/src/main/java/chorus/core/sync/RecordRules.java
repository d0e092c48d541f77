package chorus.core.sync;

import chorus.core.model.FileRecord;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.RefusedRecord;
import java.util.List;

/**
 * What a record from a peer must satisfy beyond what its constructor already checks (path, sizes,
 * chunks tiling the file): a sequence past what we hold, no local-only facts, a version that names its
 * author.
 */
final class RecordRules {
  private RecordRules() {}

  /**
   * @param files the update's records, references resolved
   * @param heldSequence the sequence of the peer's index we already hold (records must be beyond it)
   * @throws IndexViolation naming the folder, the path and the rule broken
   */
  static void check(IndexUpdate update, List<FileRecord> files, long heldSequence) throws IndexViolation {
    for (FileRecord r : files) {
      String where = update.folder() + ": " + r.path() + " (sequence " + r.sequence() + ")";
      if (r.sequence() <= heldSequence) {
        throw new IndexViolation(where + ": sequence not beyond " + heldSequence + ", which we already hold");
      }
      if (r.inode() != 0 || r.deviceNo() != 0 || r.ctimeNs() != 0) {
        throw new IndexViolation(where + ": carries local-only facts (inode " + r.inode() + ", device "
            + r.deviceNo() + ", ctime " + r.ctimeNs() + ")");
      }
      if (r.version().isEmpty()) {
        throw new IndexViolation(where + ": empty version vector");
      }
      if (r.version().counter(r.modifiedBy()) == 0) {
        throw new IndexViolation(where + ": modified by " + r.modifiedBy() + ", which is not in its version "
            + r.version());
      }
    }
    // A refused record still takes part in the order: resending it with an old sequence is a violation.
    for (RefusedRecord r : update.refused()) {
      if (r.sequence() <= heldSequence) {
        throw new IndexViolation(update.folder() + ": " + r.path() + " (sequence " + r.sequence()
            + "): sequence not beyond " + heldSequence + ", which we already hold");
      }
    }
  }
}
