package chorus.fsindex.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the few encodings the index uses: big-endian fixed ints and LEB128 varints. */
final class ByteWriter {
  private byte[] buf;
  private int len;

  ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  ByteWriter u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  ByteWriter u32(int v) {
    ensure(4);
    for (int s = 24; s >= 0; s -= 8) {
      buf[len++] = (byte) (v >>> s);
    }
    return this;
  }

  ByteWriter u64(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[len++] = (byte) (v >>> s);
    }
    return this;
  }

  /** Unsigned LEB128: 7 bits per byte, low bits first; at most 10 bytes for a long. */
  ByteWriter varint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[len++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  /** Zigzag then varint, for values that may be negative. */
  ByteWriter zigzag(long v) {
    return varint((v << 1) ^ (v >> 63));
  }

  ByteWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  ByteWriter bytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  /** Length-prefixed UTF-8. */
  ByteWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return varint(b.length).bytes(b);
  }

  /** Appends {@code n} bytes to be filled in later (e.g. a hash copied straight in) and returns their offset. */
  int reserve(int n) {
    ensure(n);
    int at = len;
    len += n;
    return at;
  }

  byte[] array() {
    return buf;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
