package chorus.transport.pairing;

import chorus.core.id.Sha256;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one-time secret of an invite: random bytes, written as base64url (no padding) in Hello and in the
 * pending-joins file. The inviter keeps only its SHA-256: the secret has 192 bits of entropy, so a plain
 * hash needs no salt or stretching. {@link #toString} never shows it.
 */
public final class PairingSecret {
  /** 192 bits. */
  public static final int LENGTH = 24;
  public static final int MIN_LENGTH = 16;
  public static final int MAX_LENGTH = 64;

  private final byte[] bytes;

  private PairingSecret(byte[] bytes) {
    if (bytes.length < MIN_LENGTH || bytes.length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a pairing secret is " + MIN_LENGTH + "-" + MAX_LENGTH + " bytes, got " + bytes.length);
    }
    this.bytes = bytes;
  }

  public static PairingSecret random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new PairingSecret(b);
  }

  /** Wraps raw bytes (copied). */
  public static PairingSecret ofBytes(byte[] raw) {
    return new PairingSecret(raw.clone());
  }

  /** Parses the base64url text form; throws IllegalArgumentException without echoing the text. */
  public static PairingSecret parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("pairing secret is empty");
    }
    if (text.length() > MAX_LENGTH * 2) {
      throw new IllegalArgumentException("pairing secret is too long (" + text.length() + " characters)");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pairing secret is not base64url", e);
    }
    return new PairingSecret(raw);
  }

  /** The base64url form without padding, as sent in Hello. */
  public String text() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public byte[] sha256() {
    return Sha256.of(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairingSecret other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PairingSecret[" + bytes.length + " bytes, redacted]";
  }
}
