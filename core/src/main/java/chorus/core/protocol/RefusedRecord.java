package chorus.core.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record of an IndexUpdate that was read in full but refused on its own (its path fails
 * {@link chorus.core.model.RelativePath}, say): it is reported and skipped, while the rest of the update is
 * stored and the peer's mark still moves past it. Refusing a record instead of the whole connection is what
 * keeps one hostile path from being resent forever and blocking everything behind it.
 *
 * @param path the path as sent, escaped for printing ({@link chorus.core.model.RelativePath#printable})
 * @param sequence the sender's sequence of the record (it counts for the order of the update)
 * @param reason why it was refused
 * @param encoded the record's bytes exactly as the sender encoded them: opaque outside the wire codec, kept
 *     so that a decoded update encodes back to the same bytes (the wire's canonical-encoding property, which
 *     the fuzz test checks) and so tests can send hostile records through the real encoder. Empty when
 *     unknown; such a record cannot be sent.
 */
public record RefusedRecord(String path, long sequence, String reason, byte[] encoded) {
  public RefusedRecord {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
    encoded = encoded == null ? new byte[0] : encoded.clone();
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefusedRecord r && sequence == r.sequence && path.equals(r.path) && reason.equals(r.reason)
        && Arrays.equals(encoded, r.encoded);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, sequence, reason) * 31 + Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "RefusedRecord[" + path + " (sequence " + sequence + "): " + reason + "]";
  }
}
