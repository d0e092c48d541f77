package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.RocksIterator;

/**
 * Reads of the {@code chunks} family, where each key is a chunk's hash, then the folder and the path of a
 * file holding it ({@link KeySchema#chunk}), and the value its offset and length there. Entries of a
 * folder this device no longer has are skipped.
 */
final class ChunkLookup {
  private ChunkLookup() {}

  static List<ChunkLocation> locate(RocksIndex index, ChunkHash hash) {
    byte[] prefix = KeySchema.chunkPrefix(hash);
    List<ChunkLocation> out = new ArrayList<>(2);
    index.withIterator("locate chunk", KeySchema.CHUNKS, index.chunks, prefix, it -> {
      visit(index, it, prefix, (folder, key, value) -> {
        ByteReader r = new ByteReader(value);
        try {
          long offset = r.varint();
          int length = r.varint(Integer.MAX_VALUE, "chunk length");
          out.add(new ChunkLocation(folder, KeySchema.pathOfChunk(key), offset, length));
        } catch (ByteReader.MalformedException e) {
          throw RocksIndex.corrupt("locate chunk", KeySchema.CHUNKS, key, e);
        }
        return true;
      });
      return null;
    });
    return out;
  }

  /**
   * The hashes that have an entry in a folder this device has. One iterator sought in key order: each
   * seek moves forward from the last, so the levels' blocks are found once per pass, not once per hash.
   */
  static Set<ChunkHash> held(RocksIndex index, Collection<ChunkHash> hashes) {
    Set<ChunkHash> out = new HashSet<>();
    if (hashes.isEmpty()) {
      return out;
    }
    record Wanted(byte[] prefix, ChunkHash hash) {}
    List<Wanted> wanted = new ArrayList<>(hashes.size());
    for (ChunkHash h : new HashSet<>(hashes)) {
      wanted.add(new Wanted(KeySchema.chunkPrefix(h), h));
    }
    wanted.sort((a, b) -> Arrays.compareUnsigned(a.prefix(), b.prefix())); // RocksDB's bytewise order
    index.withIterator("find held chunks", KeySchema.CHUNKS, index.chunks, wanted.get(0).prefix(), it -> {
      for (Wanted w : wanted) {
        if (anyInKnownFolder(index, it, w.prefix())) {
          out.add(w.hash());
        }
      }
      return null;
    });
    return out;
  }

  private static boolean anyInKnownFolder(RocksIndex index, RocksIterator it, byte[] prefix) {
    return !visit(index, it, prefix, (folder, key, value) -> false);
  }

  /** What is told of each entry: its folder (one this device has), key and value; false stops the walk. */
  private interface EntryVisitor {
    boolean visit(FolderId folder, byte[] key, byte[] value);
  }

  /** Walks the entries of one hash, skipping folders this device no longer has; false if a visit stopped it. */
  private static boolean visit(RocksIndex index, RocksIterator it, byte[] prefix, EntryVisitor visitor) {
    for (it.seek(prefix); it.isValid() && KeySchema.startsWith(it.key(), prefix); it.next()) {
      byte[] key = it.key();
      FolderId folder = index.folderNamed(KeySchema.folderOfChunk(key));
      if (folder != null && !visitor.visit(folder, key, it.value())) {
        return false;
      }
    }
    return true;
  }
}
