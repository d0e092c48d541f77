package chorus.transport.wire;

import chorus.core.id.ChunkHash;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives of {@link WireFormat} from one frame's payload, checking every bound before it
 * reads or allocates. Every failure is a {@link FieldError} naming the field and the bad value.
 */
final class PayloadReader {
  private final ByteBuf buf;
  private final CharsetDecoder utf8;

  /**
   * @param payload the payload alone; read from its reader index to its writer index
   * @param utf8 a strict decoder (malformed input reported), owned by the caller's thread
   */
  PayloadReader(ByteBuf payload, CharsetDecoder utf8) {
    this.buf = payload;
    this.utf8 = utf8;
  }

  /** Where the next read starts, for {@link #bytesSince}. */
  int position() {
    return buf.readerIndex();
  }

  /** A copy of the bytes read since {@code position}. */
  byte[] bytesSince(int position) {
    byte[] out = new byte[buf.readerIndex() - position];
    buf.getBytes(position, out);
    return out;
  }

  int remaining() {
    return buf.readableBytes();
  }

  int readU8(String field) {
    need(field, 1);
    return buf.readUnsignedByte();
  }

  boolean readBoolean(String field) {
    int b = readU8(field);
    if (b > 1) {
      throw new FieldError(field, "boolean byte is " + b + ", must be 0 or 1");
    }
    return b == 1;
  }

  int readI32(String field) {
    need(field, 4);
    return buf.readInt();
  }

  long readI64(String field) {
    need(field, 8);
    return buf.readLong();
  }

  /** An unsigned LEB128 value of up to 64 bits, in its minimal encoding. */
  long readUvarint(String field) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      if (!buf.isReadable()) {
        throw new FieldError(field, "truncated inside a uvarint");
      }
      int b = buf.readUnsignedByte();
      if (shift == 63 && b > 1) {
        throw new FieldError(field, "uvarint overflows 64 bits");
      }
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new FieldError(field, "uvarint is not minimal (ends with a zero group)");
        }
        return value;
      }
    }
  }

  /** A uvarint within {@code min..max} (both >= 0). */
  long readUvarint(String field, long min, long max) {
    long v = readUvarint(field);
    if (v < min || v > max) {
      throw new FieldError(field, Long.toUnsignedString(v) + " is outside " + min + ".." + max);
    }
    return v;
  }

  /**
   * An element count, which cannot exceed what the rest of the payload could hold at
   * {@code minElementBytes} each: checked before any list is allocated.
   */
  int readCount(String field, int minElementBytes) {
    long n = readUvarint(field + " count");
    long fits = buf.readableBytes() / minElementBytes;
    if (n < 0 || n > fits) {
      throw new FieldError(field, "count " + Long.toUnsignedString(n) + " cannot fit in the "
          + buf.readableBytes() + " bytes left (at least " + minElementBytes + " bytes each)");
    }
    return (int) n;
  }

  ChunkHash readHash(String field) {
    need(field, ChunkHash.LENGTH);
    byte[] raw = new byte[ChunkHash.LENGTH];
    buf.readBytes(raw);
    return ChunkHash.wrapDigest(raw);
  }

  /** A uvarint byte length of at most {@code maxBytes}, then that many bytes of strict UTF-8. */
  String readString(String field, int maxBytes) {
    long n = readUvarint(field + " length");
    if (n < 0 || n > maxBytes) {
      throw new FieldError(field, "length " + Long.toUnsignedString(n) + " exceeds the maximum " + maxBytes);
    }
    int length = (int) n;
    need(field, length);
    if (length == 0) {
      return "";
    }
    int start = buf.readerIndex();
    String s;
    if (buf.forEachByte(start, length, b -> b >= 0) < 0) {
      s = buf.toString(start, length, StandardCharsets.US_ASCII);
    } else {
      s = decodeUtf8(field, buf.nioBuffer(start, length), length);
    }
    buf.skipBytes(length);
    return s;
  }

  /** Like {@link #readString} but also rejects control characters: for names shown to people. */
  String readLabel(String field, int maxBytes) {
    String s = readString(field, maxBytes);
    int bad = firstControlCharacter(s);
    if (bad >= 0) {
      throw new FieldError(field, "contains control character 0x" + Integer.toHexString(s.charAt(bad))
          + " at index " + bad);
    }
    return s;
  }

  /** All bytes left in the payload. */
  /** The rest of the payload as a retained slice of the frame's buffer: no copy; the caller releases it. */
  io.netty.buffer.ByteBuf readRetainedRest() {
    return buf.readRetainedSlice(buf.readableBytes());
  }

  byte[] readRest() {
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  /** Every byte of a frame belongs to its message. */
  void requireEnd() {
    if (buf.isReadable()) {
      throw new FieldError("", buf.readableBytes() + " trailing bytes after the message");
    }
  }

  static int firstControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  private String decodeUtf8(String field, ByteBuffer in, int length) {
    CharBuffer out = CharBuffer.allocate(length);
    utf8.reset();
    CoderResult result = utf8.decode(in, out, true);
    if (!result.isError()) {
      result = utf8.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      StringBuilder bad = new StringBuilder();
      for (int i = 0; i < result.length() && at + i < in.limit(); i++) {
        bad.append(String.format(" 0x%02x", in.get(at + i) & 0xff));
      }
      throw new FieldError(field, "invalid UTF-8 at byte " + at + " of " + length + ":" + bad);
    }
    return out.flip().toString();
  }

  private void need(String field, int bytes) {
    if (buf.readableBytes() < bytes) {
      throw new FieldError(field, "truncated: needs " + bytes + " bytes, " + buf.readableBytes() + " left");
    }
  }
}
