package chorus.transport.wire;

import chorus.core.id.ChunkHash;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes and measures the primitives of {@link WireFormat}. Every message is measured before it is
 * written (so its buffer is allocated once, at its exact size), and the measuring is where local
 * values are checked against the wire's limits: a value the peer would reject is never sent.
 */
final class PayloadWriter {
  private PayloadWriter() {}

  static int uvarintLength(long value) {
    // 1 byte per started group of 7 bits; 0 takes one byte.
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  static void writeUvarint(ByteBuf out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.writeByte((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  /** Per encoding thread: an IndexUpdate frame holds up to ~230k chunk hashes, each copied out of its ChunkHash. */
  private static final ThreadLocal<byte[]> HASH_SCRATCH = ThreadLocal.withInitial(() -> new byte[ChunkHash.LENGTH]);

  static void writeHash(ByteBuf out, ChunkHash hash) {
    byte[] scratch = HASH_SCRATCH.get();
    hash.copyTo(scratch, 0);
    out.writeBytes(scratch);
  }

  /**
   * The encoded length of a string field (length prefix + UTF-8), after checking its limit.
   *
   * @param trusted true if the string is known to hold no unpaired surrogate (a validated path)
   */
  static int stringLength(String field, String s, int maxBytes, boolean trusted) {
    if (!trusted) {
      int bad = firstUnpairedSurrogate(s);
      if (bad >= 0) {
        throw new IllegalArgumentException(field + ": unpaired surrogate at index " + bad
            + " cannot be encoded as UTF-8");
      }
    }
    int bytes = ByteBufUtil.utf8Bytes(s);
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(field + ": " + bytes + " UTF-8 bytes exceed the maximum " + maxBytes);
    }
    return uvarintLength(bytes) + bytes;
  }

  /** Like {@link #stringLength} for a label: also no control characters. */
  static int labelLength(String field, String s, int maxBytes) {
    int bad = PayloadReader.firstControlCharacter(s);
    if (bad >= 0) {
      throw new IllegalArgumentException(field + ": control character 0x"
          + Integer.toHexString(s.charAt(bad)) + " at index " + bad);
    }
    return stringLength(field, s, maxBytes, false);
  }

  /** Writes a string already measured (and so checked) by {@link #stringLength}. */
  static void writeString(ByteBuf out, String s) {
    writeUvarint(out, ByteBufUtil.utf8Bytes(s));
    ByteBufUtil.writeUtf8(out, s);
  }

  private static int firstUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
