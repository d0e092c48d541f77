package chorus.core.port;

import chorus.core.id.ChunkHash;
import java.io.IOException;
import java.util.Objects;

/**
 * Bytes that claim to be a chunk are not: their SHA-256 (or length) differs from the hash they were
 * asked for. The bytes are never used; the source (a peer, a local file) is named so it can be counted,
 * skipped or rescanned.
 */
public final class ChunkIntegrityException extends IOException {
  private final ChunkHash expected;
  private final String source;

  /**
   * @param expected the hash that was asked for
   * @param source where the bytes came from, e.g. a device ID or a file path
   * @param detail what was wrong, e.g. the hash that came instead
   */
  public ChunkIntegrityException(ChunkHash expected, String source, String detail) {
    super("chunk " + Objects.requireNonNull(expected, "expected") + " from " + source + " is corrupt: " + detail);
    this.expected = expected;
    this.source = source;
  }

  public ChunkHash expected() {
    return expected;
  }

  public String source() {
    return source;
  }
}
