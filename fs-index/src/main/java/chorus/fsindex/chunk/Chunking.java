package chorus.fsindex.chunk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Names the chunking a build uses, so that an index never mixes chunks cut two ways. Files whose stat
 * did not change are never rehashed, so an index built by a chorus that cut differently would keep its old
 * chunks and content hashes for good, and a fresh device would compute other ones for the same bytes. The
 * index stores this fingerprint when it is created and refuses to open under another one.
 */
public final class Chunking {
  /**
   * Bump when the rules in {@link Chunker} or {@link AudioLayout} change in a way {@link ChunkerParams}
   * does not show (the parameters and the gear table are part of the fingerprint already).
   */
  static final int RULES_VERSION = 3;

  private Chunking() {}

  /** SHA-256 over the rules version, the parameters and the gear table. */
  public static byte[] fingerprint(ChunkerParams params) {
    ByteBuffer gear = ByteBuffer.allocate(GearTable.VALUES.length * Long.BYTES);
    for (long v : GearTable.VALUES) {
      gear.putLong(v);
    }
    MessageDigest sha = ContentHash.sha256();
    sha.update(("chorus chunking rules " + RULES_VERSION + "; " + params).getBytes(StandardCharsets.UTF_8));
    sha.update(gear.array());
    return sha.digest();
  }
}
