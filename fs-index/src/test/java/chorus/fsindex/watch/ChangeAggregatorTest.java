package chorus.fsindex.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The debounce logic on a hand-driven clock and a fake file system. */
class ChangeAggregatorTest {
  private static final long QUIET = 100;
  private static final long MAX = 1_000;

  private final Map<String, PathState> disk = new HashMap<>();
  private final ChangeAggregator agg = new ChangeAggregator(QUIET, MAX, 3, p -> disk.getOrDefault(p, PathState.MISSING));

  private void size(String path, long size) {
    disk.put(path, new PathState(true, false, size, 1_000 + size, "inode-" + path));
  }

  @Test
  void aPathIsDueOnceQuietForTheInterval() {
    size("a", 1);
    agg.record("a", 0);
    assertEquals(Set.of(), agg.takeDue(QUIET - 1));
    assertEquals(1, agg.nanosUntilNext(QUIET - 1));
    assertEquals(Set.of("a"), agg.takeDue(QUIET));
    assertEquals(Set.of(), agg.takeDue(QUIET * 5), "delivered once");
    assertEquals(Long.MAX_VALUE, agg.nanosUntilNext(QUIET * 5));
  }

  @Test
  void eachEventRestartsTheQuietInterval() {
    size("a", 1);
    agg.record("a", 0);
    size("a", 2);
    agg.record("a", 60);
    assertEquals(Set.of(), agg.takeDue(QUIET));
    assertEquals(60, agg.nanosUntilNext(QUIET));
    assertEquals(Set.of("a"), agg.takeDue(60 + QUIET));
  }

  @Test
  void aFileThatKeepsChangingWithoutEventsWaitsUntilItStops() {
    size("a", 1);
    agg.record("a", 0);
    size("a", 2); // grew after the last event, without an event (e.g. written through mmap)
    assertEquals(Set.of(), agg.takeDue(QUIET), "size moved since the event: wait another interval");
    size("a", 3);
    assertEquals(Set.of(), agg.takeDue(2 * QUIET), "still moving");
    assertEquals(Set.of("a"), agg.takeDue(3 * QUIET), "unchanged for one interval: done");
  }

  @Test
  void aPathThatNeverSettlesIsDeliveredAtTheMaximumDelay() {
    long t = 0;
    for (; t < MAX; t += QUIET / 2) {
      size("busy", t);
      agg.record("busy", t);
      assertEquals(Set.of(), agg.takeDue(t));
    }
    assertEquals(Set.of("busy"), agg.takeDue(MAX));
  }

  @Test
  void deletionsAreDeliveredToo() {
    agg.record("gone", 0); // MISSING at the event and after
    assertEquals(Set.of("gone"), agg.takeDue(QUIET));
  }

  @Test
  void batchesAreSortedAndHoldEverythingDue() {
    for (String p : List.of("c", "a", "b")) {
      size(p, 1);
      agg.record(p, 0);
    }
    assertEquals(List.of("a", "b", "c"), List.copyOf(agg.takeDue(QUIET)));
  }

  @Test
  void onlyTheQuietOnesAreTaken() {
    size("old", 1);
    size("new", 1);
    agg.record("old", 0);
    agg.record("new", 80);
    assertEquals(Set.of("old"), agg.takeDue(QUIET));
    assertEquals(Set.of("new"), agg.takeDue(80 + QUIET));
  }

  @Test
  void tooManyPendingPathsAreRefused() {
    assertTrue(agg.record("a", 0));
    assertTrue(agg.record("b", 0));
    assertTrue(agg.record("c", 0));
    assertTrue(agg.record("a", 1), "a path already pending is no new burden");
    assertFalse(agg.record("d", 1));
    assertEquals(3, agg.size());
    agg.clear();
    assertEquals(0, agg.size());
    assertTrue(agg.record("d", 2));
  }
}
