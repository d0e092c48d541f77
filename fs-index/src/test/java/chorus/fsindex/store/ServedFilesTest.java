package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.ContentHash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServedFilesTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final FolderId BOOKS = FolderId.of("books");

  static ChunkHash hash(int n) {
    byte[] raw = new byte[ChunkHash.LENGTH];
    raw[0] = (byte) n;
    raw[1] = (byte) (n >> 8);
    return ChunkHash.ofBytes(raw);
  }

  /** A file of {@code n} chunks of 100 bytes with hashes first..first+n-1. */
  static FileRecord file(String path, int first, int n) {
    List<ChunkRef> chunks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chunks.add(new ChunkRef(i * 100L, 100, hash(first + i)));
    }
    ShortId me = new ShortId(1);
    return new FileRecord(path, FileType.FILE, n * 100L, 1, 0644, 7, 1, 1, false, VersionVector.EMPTY.update(me, 1),
        1, me, chunks, ContentHash.of(chunks), null);
  }

  @Test
  void findsAKeptFileByAnyOfItsChunksAndForgetsIt() {
    ServedFiles served = new ServedFiles(100);
    served.keep(MUSIC, file("a", 0, 5));
    List<ServedFiles.Entry> found = served.holding(hash(3));
    assertEquals(1, found.size());
    assertEquals(new ChunkLocation(MUSIC, "a", 300, 100), found.get(0).location(found.get(0).chunk(hash(3))));
    assertEquals(List.of(), served.holding(hash(5)));
    served.forget(found.get(0));
    assertEquals(List.of(), served.holding(hash(3)));
    assertEquals(0, served.chunks());
    assertFalse(served.keeps(MUSIC, "a"));
  }

  @Test
  void aHashHeldByTwoFilesFindsBothAndSurvivesForgettingOne() {
    ServedFiles served = new ServedFiles(100);
    served.keep(MUSIC, file("a", 0, 3));
    served.keep(BOOKS, file("a", 2, 3)); // same path in another folder, hash 2 in both
    assertEquals(2, served.holding(hash(2)).size());
    served.forget(served.holding(hash(0)).get(0));
    List<ServedFiles.Entry> left = served.holding(hash(2));
    assertEquals(1, left.size());
    assertEquals(BOOKS, left.get(0).folder());
    assertEquals(3, served.chunks());
  }

  @Test
  void keepingAPathAgainReplacesItsOldRecord() {
    ServedFiles served = new ServedFiles(100);
    served.keep(MUSIC, file("a", 0, 4));
    ServedFiles.Entry old = served.holding(hash(0)).get(0);
    served.keep(MUSIC, file("a", 10, 2));
    assertEquals(List.of(), served.holding(hash(0)));
    assertEquals(2, served.chunks());
    served.forget(old); // a stale entry does not take the new one with it
    assertTrue(served.keeps(MUSIC, "a"));
  }

  @Test
  void theLeastRecentlyUsedFileMakesRoomAndNothingOverTheBoundIsKept() {
    ServedFiles served = new ServedFiles(10);
    served.keep(MUSIC, file("a", 0, 4));
    served.keep(MUSIC, file("b", 100, 4));
    served.holding(hash(0)); // a is used again: b is now the eldest
    served.keep(MUSIC, file("c", 200, 4));
    assertTrue(served.keeps(MUSIC, "a"));
    assertFalse(served.keeps(MUSIC, "b"));
    assertTrue(served.keeps(MUSIC, "c"));
    assertEquals(8, served.chunks());
    served.keep(MUSIC, file("huge", 300, 11));
    assertFalse(served.keeps(MUSIC, "huge"), "more chunks than the bound");
    assertEquals(8, served.chunks());
    assertEquals(0, new ServedFiles(0).chunks());
  }
}
