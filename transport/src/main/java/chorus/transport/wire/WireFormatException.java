package chorus.transport.wire;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A peer sent bytes that are not a valid chorus frame. The message names the message type, the field
 * and the bad value, e.g. {@code IndexUpdate.files[3].chunks[7].length: 0 is outside 1..4194304}. The
 * connection cannot be resynchronised after one: the decoder discards everything that follows.
 */
public final class WireFormatException extends CorruptedFrameException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
