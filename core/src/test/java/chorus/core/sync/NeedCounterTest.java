package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NeedCounterTest {
  private static final ShortId ME = new ShortId(1);
  private static final ShortId A = new ShortId(2);
  private static final ShortId B = new ShortId(3);

  private static VersionVector v(ShortId d1, long c1, ShortId d2, long c2) {
    return d2 == null ? VersionVector.of(List.of(new VersionVector.Counter(d1, c1)))
        : VersionVector.of(List.of(new VersionVector.Counter(d1, c1), new VersionVector.Counter(d2, c2)));
  }

  /** A one-chunk file whose bytes are named by {@code content}. */
  private static FileRecord file(String path, int size, int content, VersionVector v, ShortId by) {
    byte[] h = new byte[32];
    h[0] = (byte) content;
    ChunkHash hash = ChunkHash.ofBytes(h);
    byte[] c = new byte[32];
    c[1] = (byte) content; // a stand-in content hash: NeedCounter only compares them
    return new FileRecord(path, FileType.FILE, size, 1, 0644, 0, 0, 0, false, v, 1, by,
        List.of(new ChunkRef(0, size, hash)), ChunkHash.ofBytes(c), null);
  }

  private static FileRecord tombstone(FileRecord r, VersionVector v, ShortId by) {
    return new FileRecord(r.path(), r.type(), 0, 1, 0644, 0, 0, 0, true, v, 2, by, List.of(), null, null);
  }

  private static Need need(Map<String, FileRecord> ours, List<FileRecord> announced) {
    return NeedCounter.count(p -> Optional.ofNullable(ours.get(p)), announced);
  }

  @Test
  void aPathWeLackIsNeededWithItsBytes() {
    assertEquals(new Need(1, 100), need(Map.of(), List.of(file("x", 100, 1, v(A, 1, null, 0), A))));
  }

  @Test
  void aDeletionOfAPathWeLackNeedsNothing() {
    FileRecord x = file("x", 100, 1, v(A, 1, null, 0), A);
    assertEquals(Need.NONE, need(Map.of(), List.of(tombstone(x, v(A, 2, null, 0), A))));
  }

  @Test
  void aNewerVersionWithOtherContentIsNeeded() {
    FileRecord ours = file("x", 100, 1, v(ME, 5, null, 0), ME);
    FileRecord theirs = file("x", 120, 2, v(ME, 5, A, 1), A);
    assertEquals(new Need(1, 120), need(Map.of("x", ours), List.of(theirs)));
  }

  @Test
  void aNewerVersionWithTheSameContentIsNotNeeded() {
    FileRecord ours = file("x", 100, 1, v(ME, 5, null, 0), ME);
    assertEquals(Need.NONE, need(Map.of("x", ours), List.of(file("x", 100, 1, v(ME, 5, A, 1), A))));
  }

  @Test
  void olderEqualAndConcurrentVersionsAreNotNeeded() {
    FileRecord ours = file("x", 100, 1, v(ME, 5, A, 3), ME);
    assertEquals(Need.NONE, need(Map.of("x", ours), List.of(
        file("x", 100, 2, v(ME, 4, A, 3), A),
        file("x", 100, 3, v(ME, 5, A, 3), A),
        file("x", 100, 4, v(ME, 4, A, 9), A))));
  }

  @Test
  void aNewerDeletionIsAFileNeededWithNoBytes() {
    FileRecord ours = file("x", 100, 1, v(ME, 5, null, 0), ME);
    assertEquals(new Need(1, 0), need(Map.of("x", ours), List.of(tombstone(ours, v(ME, 5, A, 1), A))));
  }

  @Test
  void aPathAnnouncedByTwoPeersCountsOnceAtTheGreatestVersion() {
    FileRecord fromA = file("x", 100, 1, v(A, 1, null, 0), A);
    FileRecord fromB = file("x", 300, 2, v(A, 1, B, 1), B);
    assertEquals(new Need(1, 300), need(Map.of(), List.of(fromA, fromB)));
    assertEquals(new Need(1, 300), need(Map.of(), List.of(fromB, fromA)));
  }

  @Test
  void theNewestAnnouncementBeingWhatWeHaveNeedsNothing() {
    FileRecord ours = file("x", 100, 1, v(ME, 5, null, 0), ME);
    FileRecord fromA = file("x", 120, 2, v(ME, 5, A, 1), A);
    FileRecord fromB = file("x", 100, 1, v(ME, 5, A, 2), B);
    assertEquals(Need.NONE, need(Map.of("x", ours), List.of(fromA, fromB)));
    assertEquals(Need.NONE, need(Map.of("x", ours), List.of(fromB, fromA)), "whatever order peers are read in");
  }

  @Test
  void countsAddUpOverPaths() {
    FileRecord have = file("have", 10, 9, v(ME, 1, null, 0), ME);
    assertEquals(new Need(2, 150), need(Map.of("have", have), List.of(
        file("a", 50, 1, v(A, 1, null, 0), A),
        file("b", 100, 2, v(B, 1, null, 0), B),
        file("have", 10, 9, v(ME, 1, null, 0), A))));
  }

  @Test
  void onlyLiveFilesCountBytesAndTheSumNeverOverflows() {
    // Directories announcing huge sizes (stored before peers' records were checked) used to overflow the
    // sum into a negative Need, which failed /rest/status with a 500.
    FileRecord hugeDir = new FileRecord("d", FileType.DIRECTORY, Long.MAX_VALUE, 1, 0755, 0, 0, 0, false,
        v(A, 1, null, 0), 1, A, List.of(), null, null);
    FileRecord hugeDir2 = new FileRecord("e", FileType.DIRECTORY, Long.MAX_VALUE, 1, 0755, 0, 0, 0, false,
        v(A, 1, null, 0), 2, A, List.of(), null, null);
    FileRecord f = file("f", 10, 1, v(A, 1, null, 0), A);
    assertEquals(new Need(3, 10), NeedCounter.count(p -> Optional.empty(), List.of(hugeDir, hugeDir2, f)));
  }
}
