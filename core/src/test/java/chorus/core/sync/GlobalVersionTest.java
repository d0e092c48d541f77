package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.FolderType;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.sync.Resolution.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobalVersionTest {
  static final DeviceId ME = Fakes.device(1);
  static final DeviceId A = Fakes.device(2);
  static final DeviceId B = Fakes.device(3);

  static VersionVector v(Object... deviceAndCounter) {
    List<VersionVector.Counter> c = new ArrayList<>();
    for (int i = 0; i < deviceAndCounter.length; i += 2) {
      c.add(new VersionVector.Counter(((DeviceId) deviceAndCounter[i]).shortId(), (Integer) deviceAndCounter[i + 1]));
    }
    return VersionVector.of(c);
  }

  static FileRecord file(int content, long mtime, VersionVector v, DeviceId by) {
    byte[] h = new byte[32];
    h[0] = (byte) content;
    List<ChunkRef> chunks = List.of(new ChunkRef(0, 100, ChunkHash.ofBytes(h)));
    return new FileRecord("a.flac", FileType.FILE, 100, mtime, 0644, 0, 0, 0, false, v, 1, by.shortId(), chunks,
        ChunkHash.ofBytes(chorus.core.id.Sha256.digest().digest(h)), null);
  }

  static FileRecord tombstone(long mtime, VersionVector v, DeviceId by) {
    return new FileRecord("a.flac", FileType.FILE, 0, mtime, 0644, 0, 0, 0, true, v, 2, by.shortId(), List.of(),
        null, null);
  }

  static Resolution resolve(FileRecord ours, Announced... theirs) {
    return GlobalVersion.resolve(ours, List.of(theirs), FolderType.SEND_RECEIVE, ME);
  }

  @Test
  void aNewerVersionIsPulledFromThePeersThatHaveIt() {
    FileRecord ours = file(1, 10, v(ME, 1), ME);
    FileRecord newer = file(2, 20, v(ME, 1, A, 1), A);
    Resolution r = resolve(ours, new Announced(A, newer), new Announced(B, ours));
    assertEquals(Action.APPLY, r.action());
    assertEquals(newer, r.target());
    assertEquals(List.of(A), r.sources());
    assertFalse(r.keepLocalAsConflict());
  }

  @Test
  void holdingTheGreatestVersionNeedsNothing() {
    FileRecord ours = file(2, 20, v(ME, 2), ME);
    assertEquals(Resolution.NONE, resolve(ours, new Announced(A, file(1, 10, v(ME, 1), ME))));
    assertEquals(Resolution.NONE, resolve(ours, new Announced(A, ours)));
  }

  @Test
  void concurrentEditsTheNewerMtimeWinsAndOnlyTheLoserKeepsACopy() {
    FileRecord mine = file(1, 10, v(ME, 1), ME);
    FileRecord theirs = file(2, 20, v(A, 1), A);
    Resolution atMe = resolve(mine, new Announced(A, theirs));
    assertEquals(Action.APPLY, atMe.action());
    assertTrue(atMe.keepLocalAsConflict());
    assertEquals(theirs, atMe.target(), "the winner as it is");
    // At A (its own version wins): nothing to do, before and after we took its version.
    Resolution atA = GlobalVersion.resolve(theirs, List.of(new Announced(ME, mine)), FolderType.SEND_RECEIVE, A);
    assertEquals(Action.NONE, atA.action());
    assertEquals(Action.NONE,
        GlobalVersion.resolve(theirs, List.of(new Announced(ME, atMe.target())), FolderType.SEND_RECEIVE, A).action());
  }

  @Test
  void equalMtimesAreDecidedByDeviceIdTheSameEverywhere() {
    FileRecord x = file(1, 10, v(ME, 1), ME);
    FileRecord y = file(2, 10, v(A, 1), A);
    Resolution atMe = resolve(x, new Announced(A, y));
    Resolution atA = GlobalVersion.resolve(y, List.of(new Announced(ME, x)), FolderType.SEND_RECEIVE, A);
    Resolution atB = GlobalVersion.resolve(null, List.of(new Announced(ME, x), new Announced(A, y)),
        FolderType.SEND_RECEIVE, B);
    FileRecord expectedWinner = ME.shortId().compareTo(A.shortId()) < 0 ? x : y;
    assertEquals(expectedWinner.contentHash(), atB.target().contentHash());
    // Exactly one of the two holders loses and keeps a copy.
    boolean meLoses = atMe.keepLocalAsConflict();
    boolean aLoses = atA.keepLocalAsConflict();
    assertTrue(meLoses ^ aLoses);
  }

  @Test
  void deleteVersusModifyTheModificationWins() {
    FileRecord modified = file(2, 5, v(ME, 1, A, 2), A);
    FileRecord deleted = tombstone(50, v(ME, 2), ME);
    Resolution atMe = resolve(deleted, new Announced(A, modified));
    assertEquals(Action.APPLY, atMe.action());
    assertFalse(atMe.target().deleted());
    assertFalse(atMe.keepLocalAsConflict(), "nothing to keep of a deletion");
    Resolution atA = GlobalVersion.resolve(modified, List.of(new Announced(ME, deleted)), FolderType.SEND_RECEIVE, A);
    assertEquals(Action.NONE, atA.action(), "the modification stays");
  }

  @Test
  void equalContentMergesWithoutTransferOrConflictCopy() {
    FileRecord mine = file(1, 10, v(ME, 1), ME);
    FileRecord theirs = file(1, 30, v(A, 1), A);
    Resolution r = resolve(mine, new Announced(A, theirs));
    assertEquals(Action.ADOPT, r.action());
    assertFalse(r.keepLocalAsConflict());
    assertEquals(30, r.target().mtimeNs(), "the winner's metadata");
  }

  @Test
  void aDeletionOfSomethingWeNeverHadNeedsNothing() {
    assertEquals(Resolution.NONE, resolve(null, new Announced(A, tombstone(1, v(A, 3), A))));
  }

  @Test
  void receiveOnlyOurLocalChangeNeverWins() {
    FileRecord mine = file(1, 99, v(ME, 1), ME);
    FileRecord theirs = file(2, 20, v(A, 1), A);
    Resolution r = GlobalVersion.resolve(mine, List.of(new Announced(A, theirs)), FolderType.RECEIVE_ONLY, ME);
    assertEquals(Action.APPLY, r.action());
    assertTrue(r.keepLocalAsConflict(), "our change is kept as a local copy, not lost");
    assertEquals(theirs.contentHash(), r.target().contentHash());
  }

  /** Every device deciding over the same records picks the same winner, whatever order it sees them in. */
  @Test
  void theDecisionDoesNotDependOnOrder() {
    Random rnd = new Random(42);
    DeviceId[] devices = {ME, A, B};
    for (int round = 0; round < 2000; round++) {
      List<Announced> all = new ArrayList<>();
      for (DeviceId d : devices) {
        VersionVector vv = VersionVector.EMPTY;
        for (DeviceId c : devices) {
          int n = rnd.nextInt(3);
          if (n > 0) {
            vv = vv.merge(v(c, n));
          }
        }
        if (vv.isEmpty()) {
          vv = v(d, 1);
        }
        FileRecord r = rnd.nextInt(5) == 0 ? tombstone(rnd.nextInt(3), vv, d) : file(rnd.nextInt(3), rnd.nextInt(3), vv, d);
        all.add(new Announced(d, r));
      }
      Resolution first = GlobalVersion.resolve(null, all, FolderType.SEND_RECEIVE, Fakes.device(9));
      List<Announced> reversed = new ArrayList<>(all);
      java.util.Collections.reverse(reversed);
      Resolution second = GlobalVersion.resolve(null, reversed, FolderType.SEND_RECEIVE, Fakes.device(9));
      assertEquals(first.target() == null ? null : first.target().version(),
          second.target() == null ? null : second.target().version(), "round " + round + " " + all);
      assertEquals(first.target() == null ? null : first.target().contentHash(),
          second.target() == null ? null : second.target().contentHash(), "round " + round);
    }
  }
}
