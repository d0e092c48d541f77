package chorus.core.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to a {@link ChunkRequest}: the bytes on {@link Status#OK}, nothing otherwise. The receiver
 * verifies the bytes against the hash it asked for before using them.
 */
public record ChunkResponse(int requestId, Status status, byte[] data) implements Message {
  /** Why a chunk came or did not. The codes are the wire values. */
  public enum Status {
    OK(0),
    NOT_FOUND(1),
    CHANGED(2),
    ERROR(3);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Status ofCode(int code) {
      for (Status s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown chunk response status " + code);
    }
  }

  public ChunkResponse {
    Objects.requireNonNull(status, "status");
    data = data == null ? new byte[0] : data;
    if (status != Status.OK && data.length != 0) {
      throw new IllegalArgumentException("a " + status + " response carries no data");
    }
    if (data.length > ChunkRequest.MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("chunk of " + data.length + " bytes exceeds " + ChunkRequest.MAX_CHUNK_LENGTH);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkResponse r
        && requestId == r.requestId
        && status == r.status
        && Arrays.equals(data, r.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * requestId + status.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ChunkResponse[requestId=" + requestId + ", status=" + status + ", " + data.length + " bytes]";
  }
}
