package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
  final AtomicLong gcs = new AtomicLong();
  final AtomicInteger full = new AtomicInteger();
  final HeapTrim trim = new HeapTrim(gcs::get, () -> {
    full.incrementAndGet();
    gcs.incrementAndGet(); // the full collection counts as one
  });

  @Test
  void oneFullCollectionOnceABurstIsOver() {
    gcs.addAndGet(40); // the start and a first scan: young collections
    trim.run();
    assertEquals(0, full.get(), "still busy");
    gcs.addAndGet(12);
    trim.run();
    assertEquals(0, full.get(), "still busy");
    trim.run(); // quiet since the last look
    assertEquals(1, full.get());
    trim.run();
    trim.run();
    assertEquals(1, full.get(), "our own collection is not a burst; a quiet daemon is left alone");
    gcs.addAndGet(3);
    trim.run();
    trim.run();
    assertEquals(2, full.get(), "the next burst gets its own");
  }

  @Test
  void memoryLetGoWithoutACollectionIsTrimmedAtTheNextQuietLook() {
    gcs.addAndGet(5);
    trim.run();
    trim.run();
    assertEquals(1, full.get(), "the burst");
    trim.run();
    assertEquals(1, full.get(), "quiet: nothing to do");
    trim.request(); // the engine forgot a pull's own-write entries: garbage no collection has seen
    gcs.addAndGet(2);
    trim.run();
    assertEquals(1, full.get(), "busy at the time: wait for quiet");
    trim.run();
    assertEquals(2, full.get(), "quiet: the burst and the request make one collection");
    trim.run();
    assertEquals(2, full.get(), "the request is spent");
    trim.request();
    trim.run();
    assertEquals(3, full.get(), "a request on a quiet daemon is served at the next look");
  }

  @Test
  void aDaemonThatNeverWorksIsNeverCollected() {
    for (int i = 0; i < 5; i++) {
      trim.run();
    }
    assertEquals(0, full.get());
  }

  @Test
  void theIntervalIsASettingAndZeroTurnsItOff() {
    String old = System.getProperty(HeapTrim.PROPERTY);
    try {
      System.clearProperty(HeapTrim.PROPERTY);
      assertEquals(30, HeapTrim.intervalSeconds());
      System.setProperty(HeapTrim.PROPERTY, "0");
      assertEquals(0, HeapTrim.intervalSeconds());
      System.setProperty(HeapTrim.PROPERTY, "soon");
      assertThrows(IllegalArgumentException.class, HeapTrim::intervalSeconds);
    } finally {
      if (old == null) {
        System.clearProperty(HeapTrim.PROPERTY);
      } else {
        System.setProperty(HeapTrim.PROPERTY, old);
      }
    }
  }

  /** The tight ratios are for the trim's own collection: work afterwards runs with what was set before. */
  @Test
  void theTightFreeRatiosHoldOnlyForTheTrimCollection() {
    var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    long before = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    HeapTrim.collectTight();
    long after = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    assertTrue(after > before, "a collection ran");
    assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue());
    assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue());
  }
}
