package chorus.core.port;

import chorus.core.id.ChunkHash;
import java.io.IOException;
import java.util.Objects;

/** A chunk could not be had from a source, and why; the caller may try another source. */
public final class ChunkUnavailableException extends IOException {
  /** Why the chunk did not come. */
  public enum Reason {
    /** The source does not hold a chunk with that hash. */
    NOT_FOUND,
    /** The source held it, but its file changed since it was indexed. */
    CHANGED,
    /** The source failed to read it. */
    SOURCE_ERROR,
    /** The connection to the source closed before the chunk came. */
    DISCONNECTED,
    /** No usable source was connected. */
    NO_SOURCE
  }

  private final ChunkHash hash;
  private final Reason reason;

  public ChunkUnavailableException(ChunkHash hash, Reason reason, String detail) {
    super("chunk " + Objects.requireNonNull(hash, "hash") + ": " + Objects.requireNonNull(reason, "reason")
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.hash = hash;
    this.reason = reason;
  }

  public ChunkHash hash() {
    return hash;
  }

  public Reason reason() {
    return reason;
  }
}
