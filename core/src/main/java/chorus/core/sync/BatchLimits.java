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
}
