package chorus.fsindex.chunk;

import chorus.core.id.ChunkHash;
import chorus.core.id.Sha256;
import chorus.core.model.ChunkRef;
import java.security.MessageDigest;
import java.util.List;

/** A file's content hash: SHA-256 over its chunk hashes, concatenated in file order. */
public final class ContentHash {
  private ContentHash() {}

  public static ChunkHash of(List<ChunkRef> chunks) {
    MessageDigest sha = sha256();
    byte[] raw = new byte[ChunkHash.LENGTH];
    for (ChunkRef c : chunks) {
      c.hash().copyTo(raw, 0);
      sha.update(raw);
    }
    return ChunkHash.wrapDigest(sha.digest());
  }

  /** A fresh SHA-256 digest; every JDK has one. */
  public static MessageDigest sha256() {
    return Sha256.digest();
  }
}
