package chorus.core.sync;

import static chorus.core.sync.GlobalVersionTest.A;
import static chorus.core.sync.GlobalVersionTest.ME;
import static chorus.core.sync.GlobalVersionTest.file;
import static chorus.core.sync.GlobalVersionTest.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.FolderType;
import chorus.core.model.FileRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Need kept path by path, holding only what the counts use; the full decision is made when asked. */
class NeedTrackerTest {
  private final Map<String, FileRecord> local = new HashMap<>();
  private final Map<String, FileRecord> theirs = new HashMap<>();
  private int reads;
  private final NeedTracker tracker = new NeedTracker(new NeedTracker.View() {
    @Override
    public FileRecord local(String path) {
      reads++;
      return local.get(path);
    }

    @Override
    public List<Announced> announced(String path) {
      reads++;
      FileRecord r = theirs.get(path);
      return r == null ? List.of() : List.of(new Announced(A, r));
    }
  }, FolderType.SEND_RECEIVE, ME);

  @Test
  void aNeededPathIsCountedAndItsRecordsAreReadAgainWhenAskedFor() {
    theirs.put("a.flac", file(1, 1_000, v(A, 1), A));
    tracker.update(List.of("a.flac"));

    assertEquals(new NeedTracker.Counts(1, 0, 100), tracker.counts());
    List<NeedTracker.PendingPath> pending = tracker.pending();
    assertEquals(1, pending.size());
    assertEquals(new NeedTracker.Pending(100, false, false, true), pending.get(0).pending());

    // The peer's record changed and its re-decision is still queued: what is pulled is the newer one.
    FileRecord newer = file(2, 2_000, v(A, 2), A);
    theirs.put("a.flac", newer);
    NeedTracker.Item item = tracker.get("a.flac");
    assertNotNull(item);
    assertEquals(newer, item.resolution().target(), "decided from the index as it is now, not from a kept copy");

    local.put("a.flac", newer); // pulled
    tracker.update(List.of("a.flac"));
    assertEquals(new NeedTracker.Counts(0, 0, 0), tracker.counts());
    assertTrue(tracker.pending().isEmpty());
    assertNull(tracker.get("a.flac"));
  }

  @Test
  void aPathThatIsNotNeededIsNotDecidedWhenAskedFor() {
    theirs.put("a.flac", file(1, 1_000, v(A, 1), A));
    assertNull(tracker.get("a.flac"), "not in the need: the index is not read, the answer is null");
    assertTrue(tracker.needed().isEmpty());
  }

  @Test
  void aPathThePullerCommittedIsSettledWithoutReadingTheIndexAndALaterPeerChangeIsStillDecided() {
    theirs.put("a.flac", file(1, 1_000, v(A, 1), A));
    theirs.put("b.flac", file(2, 2_000, v(A, 2), A));
    tracker.update(List.of("a.flac", "b.flac"));
    assertEquals(new NeedTracker.Counts(2, 0, 200), tracker.counts());
    long before = tracker.version();

    int readsBefore = reads;
    local.put("a.flac", theirs.get("a.flac")); // the puller committed it
    tracker.settled("a.flac");
    assertEquals(readsBefore, reads, "settling reads no record");
    assertEquals(new NeedTracker.Counts(1, 0, 100), tracker.counts());
    assertNull(tracker.get("a.flac"));
    assertTrue(tracker.version() > before, "waiters are told");
    tracker.settled("a.flac"); // twice, or a path never needed: nothing to count down
    tracker.settled("never.flac");
    assertEquals(new NeedTracker.Counts(1, 0, 100), tracker.counts());

    // The peer changed it again (its update was queued while the pull ran): needed again.
    theirs.put("a.flac", file(3, 3_000, v(A, 3), A));
    tracker.update(List.of("a.flac"));
    assertEquals(new NeedTracker.Counts(2, 0, 200), tracker.counts());
  }
}
