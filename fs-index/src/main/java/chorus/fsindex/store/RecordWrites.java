package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * What one change of a record writes, into the folder's batch: the record in {@code files}, its entry in
 * the change log ({@code sequence}) and the removal of its previous one, and the difference of its chunk
 * entries ({@code chunks}: each hash where it first occurs in the file). {@link FolderIndex} decides what
 * changes; this class is how a change lands in the key layout ({@link KeySchema}).
 */
final class RecordWrites {
  private RecordWrites() {}

  /**
   * The record, its change-log entry, the removal of its previous entry, and its chunk entries. A record
   * that keeps its sequence (local facts only) keeps its change-log entry.
   */
  static void add(RocksIndex index, int key, WriteBatch batch, FileRecord old, FileRecord stored)
      throws RocksDBException {
    byte[] fileKey = KeySchema.file(key, stored.path());
    batch.put(index.files, fileKey, FileRecordCodec.encode(stored));
    if (old == null || old.sequence() != stored.sequence()) {
      batch.put(index.sequence, KeySchema.sequence(key, stored.sequence()), KeySchema.utf8(stored.path()));
      if (old != null && old.sequence() > 0) {
        batch.delete(index.sequence, KeySchema.sequence(key, old.sequence()));
      }
    }
    Map<ChunkHash, ChunkRef> before = firstOccurrences(old);
    Map<ChunkHash, ChunkRef> after = firstOccurrences(stored);
    for (ChunkHash h : before.keySet()) {
      if (!after.containsKey(h)) {
        batch.delete(index.chunks, KeySchema.chunk(h, key, stored.path()));
      }
    }
    for (Map.Entry<ChunkHash, ChunkRef> e : after.entrySet()) {
      ChunkRef was = before.get(e.getKey());
      ChunkRef now = e.getValue();
      if (was == null || was.offset() != now.offset() || was.length() != now.length()) {
        batch.put(index.chunks, KeySchema.chunk(e.getKey(), key, stored.path()),
            new ByteWriter(8).varint(now.offset()).varint(now.length()).toBytes());
      }
    }
  }

  /** A hash may occur several times in a file (silence, repeated blocks); the index keeps its first place. */
  private static Map<ChunkHash, ChunkRef> firstOccurrences(FileRecord r) {
    if (r == null || r.chunks().isEmpty()) {
      return Map.of();
    }
    Map<ChunkHash, ChunkRef> m = new HashMap<>(r.chunks().size() * 2);
    for (ChunkRef c : r.chunks()) {
      m.putIfAbsent(c.hash(), c);
    }
    return m;
  }
}
