package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.ContentHash;
import java.util.ArrayList;
import java.util.List;

/** Test records with made-up chunk hashes. */
final class Records {
  static final ShortId ME = new ShortId(0x1234_5678_9abc_def0L);
  static final ShortId PEER = new ShortId(0x0fed_cba9_8765_4321L);

  private Records() {}

  static ChunkHash hash(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) (n >>> 24);
    b[1] = (byte) (n >>> 16);
    b[2] = (byte) (n >>> 8);
    b[3] = (byte) n;
    b[31] = 7;
    return ChunkHash.ofBytes(b);
  }

  /** A file of {@code hashes.length} chunks of 1000 bytes each, named by those numbers. */
  static FileRecord file(String path, int... hashes) {
    List<ChunkRef> chunks = new ArrayList<>();
    long offset = 0;
    for (int h : hashes) {
      chunks.add(new ChunkRef(offset, 1000, hash(h)));
      offset += 1000;
    }
    return new FileRecord(path, FileType.FILE, offset, 1_700_000_000_123_456_789L, 0644, 4242, 2049, 1_700_000_000_123_457_789L, false,
        VersionVector.EMPTY.update(ME, 1_700_000_000L), 0, ME, chunks, ContentHash.of(chunks), null);
  }

  static FileRecord dir(String path) {
    return new FileRecord(path, FileType.DIRECTORY, 0, 1_700_000_000_000_000_000L, 0755, 77, 2049, 0, false,
        VersionVector.EMPTY.update(ME, 1_700_000_000L), 0, ME, List.of(), null, null);
  }

  static FileRecord symlink(String path, String target) {
    return new FileRecord(path, FileType.SYMLINK, 0, -5L, 0777, 78, 2049, 0, false,
        VersionVector.EMPTY.update(ME, 1_700_000_000L).update(PEER, 3), 0, PEER, List.of(), null, target);
  }
}
