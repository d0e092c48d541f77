package chorus.core.sync;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;

/** How big IndexUpdate batches may be on the wire, so that each fits one frame. */
public interface BatchLimits {
  /** Bytes of an IndexUpdate for {@code folder} before its records (an upper bound). */
  long overhead(FolderId folder);

  /** Bytes one record adds to an IndexUpdate. */
  long recordBytes(FileRecord record);

  /** The most bytes one IndexUpdate may take, overhead included. */
  long maxBatchBytes();

  /**
   * Where batches are cut: at most this many bytes unless one record alone is larger (it then goes alone,
   * up to {@link #maxBatchBytes}). Smaller than a frame because both ends hold a batch's records decoded
   * as objects (about three times their wire size) while it is built, queued and stored.
   */
  default long targetBatchBytes() {
    return maxBatchBytes();
  }
}
