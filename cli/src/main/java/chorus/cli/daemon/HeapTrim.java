package chorus.cli.daemon;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a burst of work took, once the burst is over. The daemon runs the serial collector
 * (bin/chorus): during a first sync or scan its old generation fills with what young collections promote
 * (the need of 100 000 files, records in flight), and only a full collection frees it and shrinks the
 * generation to its live data plus {@code MaxHeapFreeRatio}, which an idle daemon never has. So a chore
 * looks every 30 seconds (the setting {@value #PROPERTY}; 0 turns it off): if the heap was collected
 * during the interval before the last one (busy) and not since (quiet now), it asks for one full
 * collection. That is the serial collector's counterpart of G1's periodic collection (JEP 346); it costs a
 * few tens of milliseconds for a live heap of about 13 MiB, at most once per burst.
 *
 * <p>The tight free ratios (the heap shrunk to its live data plus at most 20 %) hold only for that one
 * collection: set as launch flags they made the heap hug its live data during work, so a pull that keeps
 * 64 MiB of chunks alive ran a full collection every few megabytes (477 of them in a 3 GB pull, twice the
 * CPU). During work the JVM's defaults (grow below 40 % free, shrink above 70 %) apply.
 *
 * <p>A burst is not the only way to leave a heap worth trimming: the engine forgets a pull's own-write
 * entries a minute after it (about 14 MB for 100k files), with no allocation and so no collection to
 * mark it. It says so through {@link #request()}, and the next quiet look collects.
 *
 * <p>{@link #run} is confined to the chores thread; {@link #request} may come from any thread.
 */
final class HeapTrim implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
  static final String PROPERTY = "chorus.heap.trimSeconds";
  private static final String MIN_FREE = "MinHeapFreeRatio";
  private static final String MAX_FREE = "MaxHeapFreeRatio";

  private final LongSupplier collections;
  private final Runnable collect;
  private long seen; // the start is a burst too
  private boolean busy;
  private volatile boolean requested;

  /** @param collections how many collections the heap has had so far; @param collect a full collection */
  HeapTrim(LongSupplier collections, Runnable collect) {
    this.collections = collections;
    this.collect = collect;
  }

  /** The JVM's own heap and collector. */
  static HeapTrim ofThisJvm() {
    return new HeapTrim(HeapTrim::collectionCount, HeapTrim::collectTight);
  }

  /** A full collection that gives back all but 20 % of free heap, then the ratios as they were. */
  static void collectTight() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String min = null;
    String max = null;
    try {
      min = vm.getVMOption(MIN_FREE).getValue();
      max = vm.getVMOption(MAX_FREE).getValue();
      vm.setVMOption(MIN_FREE, "5"); // min first: min <= max must hold after each step
      vm.setVMOption(MAX_FREE, "20");
    } catch (RuntimeException e) {
      log.debug("heap trim: free ratios not settable ({}); collecting with the JVM's own", e.toString());
    }
    try {
      System.gc();
    } finally {
      if (max != null) {
        try {
          vm.setVMOption(MAX_FREE, max);
          vm.setVMOption(MIN_FREE, min);
        } catch (RuntimeException e) {
          log.debug("heap trim: free ratios not restored ({})", e.toString());
        }
      }
    }
  }

  /** The seconds between looks, from {@value #PROPERTY}; 0 means never. */
  static long intervalSeconds() {
    String value = System.getProperty(PROPERTY, "30").trim();
    try {
      long s = Long.parseLong(value);
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a number of seconds (0 = off)");
  }

  /** Much memory was let go without a collection to show it: trim at the next quiet look. */
  void request() {
    requested = true;
  }

  @Override
  public void run() {
    long now = collections.getAsLong();
    boolean busyNow = now != seen;
    if ((busy || requested) && !busyNow) {
      requested = false;
      collect.run();
      now = collections.getAsLong(); // our own collection is not work
      log.debug("heap trim: a full collection after a burst or a release");
    }
    busy = busyNow;
    seen = now;
  }

  private static long collectionCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
