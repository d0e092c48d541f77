package chorus.core.id;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which names chunks, files' contents and devices. Every JDK has it, so its absence is a bug. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** The SHA-256 of {@code data}. */
  public static byte[] of(byte[] data) {
    return digest().digest(data);
  }
}
