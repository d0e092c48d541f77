package chorus.transport.node;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.sync.BatchLimits;
import chorus.transport.wire.WireSizes;

/**
 * IndexUpdate batch sizes from the wire format ({@link WireSizes}): a batch's whole frame stays within
 * the 4-byte length field plus the maximum frame length.
 */
public final class WireBatchLimits implements BatchLimits {
  /**
   * Batches are cut at 1 MiB, not at the 8 MiB frame: a 100k-file index then goes as about 15 updates of
   * about 7,000 records, and neither end holds 50,000 decoded records per update in flight (the first sync
   * of 100k small files peaked above 250 MiB of RSS with 8 MiB batches).
   */
  static final long TARGET_BATCH_BYTES = 1L << 20;

  private final long maxFrameBytes;

  /** @param maxFrameLength the codec's maximum frame length (what the length field may say) */
  public WireBatchLimits(int maxFrameLength) {
    if (maxFrameLength <= 0) {
      throw new IllegalArgumentException("maxFrameLength must be > 0, got " + maxFrameLength);
    }
    this.maxFrameBytes = 4L + maxFrameLength;
  }

  @Override
  public long overhead(FolderId folder) {
    return WireSizes.indexUpdateOverhead(folder);
  }

  @Override
  public long recordBytes(FileRecord record) {
    return WireSizes.fileRecordBytes(record);
  }

  @Override
  public long maxBatchBytes() {
    return maxFrameBytes;
  }

  @Override
  public long targetBatchBytes() {
    return Math.min(maxFrameBytes, TARGET_BATCH_BYTES);
  }
}
