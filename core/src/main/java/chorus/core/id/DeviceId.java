package chorus.core.id;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A device's identity: the SHA-256 of its certificate's DER bytes.
 *
 * <p>The text form is Syncthing's, so users recognise the IDs and an imported Syncthing certificate keeps
 * its ID: base32 (RFC 4648, no padding, 52 characters), cut into four groups of 13, each followed by a
 * luhn-mod-32 check character (56 characters), then written as eight groups of seven joined by {@code -}.
 *
 * <p>Parsing is lenient where a human would be sloppy (case, dashes, spaces, {@code 0/1/8} typed for
 * {@code O/I/B}, the old 52-character form without check characters) and strict where a typo would
 * silently name another device (every check character must match).
 */
public final class DeviceId implements Comparable<DeviceId> {
  public static final int LENGTH = 32;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final byte[] bytes;

  private DeviceId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps exactly 32 raw bytes (copied). */
  public static DeviceId ofBytes(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "a device ID is " + LENGTH + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    return new DeviceId(raw.clone());
  }

  /** The ID of the device whose certificate has these DER bytes. */
  public static DeviceId fromCertificate(byte[] certificateDer) {
    return new DeviceId(Sha256.of(certificateDer));
  }

  /**
   * Parses the text form leniently (see the class comment).
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static DeviceId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("device ID is missing");
    }
    StringBuilder s = new StringBuilder(56);
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toUpperCase(text.charAt(i));
      switch (c) {
        case '-', ' ' -> { }
        case '0' -> s.append('O');
        case '1' -> s.append('I');
        case '8' -> s.append('B');
        default -> {
          if (ALPHABET.indexOf(c) < 0) {
            throw new IllegalArgumentException(
                "device ID \"" + text + "\" has an invalid character '" + text.charAt(i)
                    + "' at position " + (i + 1) + " (allowed: A-Z, 2-7, dashes and spaces)");
          }
          s.append(c);
        }
      }
    }
    String base32;
    if (s.length() == 56) {
      StringBuilder stripped = new StringBuilder(52);
      for (int group = 0; group < 4; group++) {
        String chunk = s.substring(group * 14, group * 14 + 13);
        char given = s.charAt(group * 14 + 13);
        char expected = luhn32(chunk);
        if (given != expected) {
          throw new IllegalArgumentException(
              "device ID \"" + text + "\" has a wrong check character in group " + (group + 1)
                  + " of 4 (a typo?): got '" + given + "', expected '" + expected + "'");
        }
        stripped.append(chunk);
      }
      base32 = stripped.toString();
    } else if (s.length() == 52) {
      base32 = s.toString();
    } else {
      throw new IllegalArgumentException(
          "device ID \"" + text + "\" has " + s.length()
              + " characters after removing dashes and spaces; expected 56 (or 52 without check characters)");
    }
    return new DeviceId(base32Decode(base32, text));
  }

  /** The 56-character form in eight dash-joined groups of seven, exactly as Syncthing writes it. */
  @Override
  public String toString() {
    String base32 = base32Encode(bytes);
    StringBuilder luhnified = new StringBuilder(56);
    for (int group = 0; group < 4; group++) {
      String chunk = base32.substring(group * 13, group * 13 + 13);
      luhnified.append(chunk).append(luhn32(chunk));
    }
    StringBuilder out = new StringBuilder(63);
    for (int group = 0; group < 8; group++) {
      if (group > 0) {
        out.append('-');
      }
      out.append(luhnified, group * 7, group * 7 + 7);
    }
    return out.toString();
  }

  /** The first 64 bits, big-endian: the key of this device in version vectors. */
  public ShortId shortId() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return new ShortId(v);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceId other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(DeviceId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /**
   * Syncthing's check character: factors alternate 1, 2, 1, ... left to right over the codepoints; each
   * addend contributes {@code addend/32 + addend%32}. (Not a textbook Luhn; compatibility is the point.)
   */
  static char luhn32(String chunk) {
    int factor = 1;
    int sum = 0;
    for (int i = 0; i < chunk.length(); i++) {
      int codepoint = ALPHABET.indexOf(chunk.charAt(i));
      int addend = factor * codepoint;
      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
    return ALPHABET.charAt((32 - sum % 32) % 32);
  }

  static String base32Encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private static byte[] base32Decode(String base32, String original) {
    byte[] out = new byte[LENGTH];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < base32.length(); i++) {
      buffer = (buffer << 5) | ALPHABET.indexOf(base32.charAt(i));
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException(
          "device ID \"" + original + "\" is not canonical base32 (its last character has stray low bits)");
    }
    return out;
  }
}
