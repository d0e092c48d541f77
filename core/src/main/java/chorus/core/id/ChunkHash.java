package chorus.core.id;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** The SHA-256 of a chunk's bytes (or of a file's chunk hashes): 32 raw bytes, immutable. */
public final class ChunkHash implements Comparable<ChunkHash> {
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final int hash;

  private ChunkHash(byte[] bytes) {
    this.bytes = bytes;
    // SHA-256 output is uniform: its first four bytes are as good a hash code as any.
    this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  /** Copies exactly 32 bytes. */
  public static ChunkHash ofBytes(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "a chunk hash is " + LENGTH + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    return new ChunkHash(raw.clone());
  }

  /** Copies 32 bytes from {@code raw} at {@code offset}. */
  public static ChunkHash ofBytes(byte[] raw, int offset) {
    if (offset < 0 || raw.length - offset < LENGTH) {
      throw new IllegalArgumentException("need " + LENGTH + " bytes at offset " + offset + " of " + raw.length);
    }
    return new ChunkHash(Arrays.copyOfRange(raw, offset, offset + LENGTH));
  }

  /** Takes ownership of a fresh digest output without copying. Only for arrays nobody else holds. */
  public static ChunkHash wrapDigest(byte[] digest) {
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("a chunk hash is " + LENGTH + " bytes, got " + digest.length);
    }
    return new ChunkHash(digest);
  }

  public static ChunkHash parseHex(String hex) {
    if (hex == null || hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a chunk hash is " + (LENGTH * 2) + " hex digits, got \"" + hex + "\"");
    }
    try {
      return new ChunkHash(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("chunk hash \"" + hex + "\" is not hexadecimal", e);
    }
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Writes the 32 bytes into {@code out} at {@code offset}, without a copy of our own. */
  public void copyTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, LENGTH);
  }

  /** The first 8 bytes, big-endian: a uniform 64-bit key for compact sets of hashes. */
  public long prefix64() {
    long k = 0;
    for (int i = 0; i < 8; i++) {
      k = (k << 8) | (bytes[i] & 0xff);
    }
    return k;
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkHash other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(ChunkHash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
