package chorus.transport.wire;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.protocol.Message;

/**
 * How many bytes things take on the wire, so a sender can cut an index into IndexUpdate batches that
 * fit the frame maximum: start a batch at {@link #indexUpdateOverhead}, add {@link #fileRecordBytes}
 * per record, and send before the sum would pass {@code 4 + maxFrameLength}.
 */
public final class WireSizes {
  private WireSizes() {}

  /**
   * The bytes of {@code m}'s whole frame, header included.
   *
   * @throws IllegalArgumentException if a field exceeds what the wire can carry
   */
  public static long frameBytes(Message m) {
    return WireFormat.HEADER_LENGTH + MessageCodec.payloadLength(m);
  }

  /**
   * The bytes one record adds to an IndexUpdate.
   *
   * @throws IllegalArgumentException if a field exceeds what the wire can carry
   */
  public static long fileRecordBytes(FileRecord record) {
    return FileRecordCodec.length(record);
  }

  /** An upper bound of the bytes of an IndexUpdate frame for {@code folder} before its records. */
  public static int indexUpdateOverhead(FolderId folder) {
    return WireFormat.HEADER_LENGTH + MessageCodec.indexUpdateHeaderLength(folder, Integer.MAX_VALUE);
  }
}
