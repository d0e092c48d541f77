package chorus.fsindex.pull;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.fsindex.chunk.ContentHash;
import chorus.fsindex.store.ChunkLocation;
import chorus.fsindex.store.RocksIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * Chunks this device already holds, in any file of any folder (the index's {@code chunks} family):
 * read from where they lie and verified by hash before use, so a file changed since it was indexed
 * costs a fetch, never a wrong byte. This is what makes renames, moves, re-tagged files and pre-seeded
 * copies cost no chunk data.
 */
final class LocalChunks {
  private final RocksIndex index;
  private final Function<FolderId, Path> roots;

  /** @param roots the root of each folder on this device (null for folders not configured) */
  LocalChunks(RocksIndex index, Function<FolderId, Path> roots) {
    this.index = index;
    this.roots = roots;
  }

  /**
   * Which of {@code hashes} have a local copy listed, found in one pass (a first sync holds almost none,
   * and a lookup per chunk would search the index for nothing each time). Only a hint: a copy listed may
   * be gone or changed ({@link #read} then returns null), and one made after the pass is not in it.
   */
  java.util.Set<ChunkHash> held(java.util.Collection<ChunkHash> hashes) {
    return index.held(hashes);
  }

  /** The chunk's bytes, verified, or null if no local copy is right. */
  byte[] read(ChunkHash hash, int length) {
    for (ChunkLocation where : index.locate(hash)) {
      if (where.length() != length) {
        continue;
      }
      Path root = roots.apply(where.folder());
      if (root == null) {
        continue;
      }
      byte[] bytes = readAt(new SafeFolder(root), where);
      if (bytes != null && verified(bytes, hash)) {
        return bytes;
      }
    }
    return null;
  }

  private static byte[] readAt(SafeFolder folder, ChunkLocation where) {
    try (FileChannel ch = FileChannel.open(folder.file(where.path(), false), StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(where.length());
      while (buf.hasRemaining()) {
        if (ch.read(buf, where.offset() + buf.position()) < 0) {
          return null;
        }
      }
      return buf.array();
    } catch (IOException | RuntimeException e) {
      return null; // gone, changed, unreadable: fetch it instead
    }
  }

  static boolean verified(ByteBuffer bytes, ChunkHash hash) {
    MessageDigest sha = ContentHash.sha256();
    sha.update(bytes.duplicate());
    return ChunkHash.wrapDigest(sha.digest()).equals(hash);
  }

  static boolean verified(byte[] bytes, ChunkHash hash) {
    MessageDigest sha = ContentHash.sha256();
    return ChunkHash.wrapDigest(sha.digest(bytes)).equals(hash);
  }
}
