package chorus.fsindex.store;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads what {@link ByteWriter} wrote, checking every length against what is left: stored bytes may be
 * corrupt, and a corrupt record must fail with a clear message, never allocate wildly or read past its end.
 */
final class ByteReader {
  /** Thrown for malformed input; callers add which key it came from. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  private final byte[] buf;
  private int pos;
  private final int end;

  ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  ByteReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  int remaining() {
    return end - pos;
  }

  int position() {
    return pos;
  }

  int u8() throws MalformedException {
    need(1, "a byte");
    return buf[pos++] & 0xff;
  }

  int u32() throws MalformedException {
    need(4, "a 32-bit integer");
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  long u64() throws MalformedException {
    need(8, "a 64-bit integer");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  long varint() throws MalformedException {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      need(1, "a varint");
      int b = buf[pos++];
      if (shift == 63 && (b & 0x7e) != 0) {
        throw new MalformedException("varint overflows 64 bits at byte " + (pos - 1));
      }
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new MalformedException("varint longer than 10 bytes at byte " + pos);
  }

  /** A varint that must fit in {@code 0..max}. */
  int varint(int max, String what) throws MalformedException {
    long v = varint();
    if (v < 0 || v > max) {
      throw new MalformedException(what + " " + v + " is outside 0.." + max);
    }
    return (int) v;
  }

  long zigzag() throws MalformedException {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  void bytes(byte[] out, int off, int n) throws MalformedException {
    need(n, n + " bytes");
    System.arraycopy(buf, pos, out, off, n);
    pos += n;
  }

  /** Skips {@code n} bytes. */
  void skip(int n) throws MalformedException {
    need(n, n + " bytes");
    pos += n;
  }

  /** A length-prefixed string that must be valid UTF-8. */
  String string(int maxBytes, String what) throws MalformedException {
    int n = varint(maxBytes, what + " length");
    need(n, what);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, pos, n))
          .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedException(what + " is not valid UTF-8");
    }
  }

  private void need(int n, String what) throws MalformedException {
    if (n < 0 || end - pos < n) {
      throw new MalformedException("truncated: needed " + what + " at byte " + pos + ", " + (end - pos) + " left");
    }
  }
}
