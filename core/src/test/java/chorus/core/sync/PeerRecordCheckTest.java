package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.ReservedNames;
import chorus.core.model.VersionVector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerRecordCheckTest {
  private static final ShortId BY = new ShortId(7);
  private static final VersionVector V = VersionVector.of(List.of(new VersionVector.Counter(BY, 3)));

  static FileRecord file(String path, int permissions) {
    ChunkHash h = ChunkHash.ofBytes(new byte[32]);
    return new FileRecord(path, FileType.FILE, 10, 1, permissions, 0, 0, 0, false, V, 1, BY,
        List.of(new ChunkRef(0, 10, h)), h, null);
  }

  static FileRecord of(FileType type, boolean deleted, long size, String target) {
    return new FileRecord("a/b", type, size, 1, 0755, 0, 0, 0, deleted, V, 1, BY, List.of(), null, target);
  }

  /**
   * A counter near Long.MAX_VALUE would make this device's next edit of the path wrap around
   * (counter + 1 overflows, {@link VersionVector#update} falls back to the clock), so our edit would be
   * older than the peer's forged version and could never win again.
   */
  @Test
  void aCounterNoClockOrEditCountCouldReachIsRefused() {
    ChunkHash h = ChunkHash.ofBytes(new byte[32]);
    VersionVector forged = VersionVector.of(List.of(new VersionVector.Counter(new ShortId(1), Long.MAX_VALUE),
        new VersionVector.Counter(BY, 3)));
    FileRecord r = new FileRecord("a", FileType.FILE, 10, 1, 0644, 0, 0, 0, false, forged, 1, BY,
        List.of(new ChunkRef(0, 10, h)), h, null);
    String problem = PeerRecordCheck.problem(r);
    assertNotNull(problem);
    assertTrue(problem.contains("version counter"), problem);
    VersionVector fine = VersionVector.of(List.of(new VersionVector.Counter(BY, PeerRecordCheck.MAX_COUNTER)));
    assertNull(PeerRecordCheck.problem(new FileRecord("a", FileType.FILE, 10, 1, 0644, 0, 0, 0, false, fine, 1, BY,
        List.of(new ChunkRef(0, 10, h)), h, null)));
  }

  @Test
  void ordinaryRecordsPass() {
    assertNull(PeerRecordCheck.problem(file("Artist/Album/01 Song.flac", 0644)));
    assertNull(PeerRecordCheck.problem(file("Künstler/Straße.mp3", 0755)));
    assertNull(PeerRecordCheck.problem(of(FileType.DIRECTORY, false, 0, null)));
    assertNull(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "../x")));
    assertNull(PeerRecordCheck.problem(of(FileType.FILE, true, 0, null)));
    // Names that merely look like ours are fine.
    assertNull(PeerRecordCheck.problem(file("a/chorus-versions/.chorusignore.bak", 0644)));
  }

  @ParameterizedTest
  @ValueSource(strings = {".chorus-tmp.x", "a/.chorus-tmp.123-Song.flac", ".chorusignore", "a/b/.chorusignore",
      ".chorus-folder", "x/.chorus-folder", ".chorus-versions", "a/.chorus-versions/y", ".Chorus-Versions/y",
      "a/.CHORUSIGNORE"})
  void reservedNamesAreRefusedAtAnyDepthAndInAnyCase(String path) {
    String problem = PeerRecordCheck.problem(file(path, 0644));
    assertNotNull(problem, path);
    assertTrue(problem.contains("reserved"), problem);
  }

  @ParameterizedTest
  @ValueSource(ints = {04755, 02755, 01777, 07644})
  void setuidSetgidAndStickyBitsAreRefused(int permissions) {
    assertTrue(PeerRecordCheck.problem(file("a", permissions)).contains("setuid"));
  }

  @Test
  void onlyALiveFileHasASize() {
    assertTrue(PeerRecordCheck.problem(of(FileType.DIRECTORY, false, 5, null)).contains("size 5"));
    assertTrue(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 5, "t")).contains("size 5"));
    assertTrue(PeerRecordCheck.problem(of(FileType.FILE, true, 5, null)).contains("size 5"));
    assertTrue(PeerRecordCheck.problem(of(FileType.DIRECTORY, true, Long.MAX_VALUE, null)).contains("size"));
  }

  @Test
  void symlinkTargetsMustBeStorable() {
    assertTrue(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "")).contains("empty"));
    assertTrue(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "a\0b")).contains("NUL"));
    assertNull(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "x".repeat(4096))));
    assertTrue(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "x".repeat(4097))).contains("4096"));
    assertTrue(PeerRecordCheck.problem(of(FileType.SYMLINK, false, 0, "ü".repeat(2049))).contains("4098 bytes"));
  }

  @Test
  void reservedNamesAreTheScannersToo() {
    assertTrue(ReservedNames.isReserved(ReservedNames.TEMP_PREFIX + "x"));
    assertNull(ReservedNames.firstReservedSegment("a/b/c"));
  }
}
