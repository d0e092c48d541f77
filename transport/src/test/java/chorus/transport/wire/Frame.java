package chorus.transport.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds raw frames byte by byte, independently of the codec, to feed the decoder exact (bad) input. */
final class Frame {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Frame u8(int b) {
    out.write(b);
    return this;
  }

  Frame i32(int v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(v >>> shift);
    }
    return this;
  }

  Frame i64(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
    return this;
  }

  /** Minimal unsigned LEB128. */
  Frame uvarint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  Frame string(String s) {
    return rawString(s.getBytes(StandardCharsets.UTF_8));
  }

  Frame rawString(byte[] utf8) {
    uvarint(utf8.length);
    return bytes(utf8);
  }

  Frame bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  Frame bytes(int... b) {
    for (int x : b) {
      out.write(x);
    }
    return this;
  }

  /** A 32-byte hash filled with {@code fill}. */
  Frame hash(int fill) {
    byte[] h = new byte[32];
    Arrays.fill(h, (byte) fill);
    return bytes(h);
  }

  byte[] payload() {
    return out.toByteArray();
  }

  /** The whole frame: length, type, payload. */
  byte[] frame(int type) {
    byte[] payload = payload();
    return new Frame().i32(payload.length + 1).u8(type).bytes(payload).payload();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p, 0, p.length);
    }
    return all.toByteArray();
  }
}
