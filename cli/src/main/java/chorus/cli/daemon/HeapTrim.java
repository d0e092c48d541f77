package chorus.cli.daemon;

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
 * <p>Confined to the chores thread.
 */
final class HeapTrim implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
  static final String PROPERTY = "chorus.heap.trimSeconds";

  private final LongSupplier collections;
  private final Runnable collect;
  private long seen; // the start is a burst too
  private boolean busy;

  /** @param collections how many collections the heap has had so far; @param collect a full collection */
  HeapTrim(LongSupplier collections, Runnable collect) {
    this.collections = collections;
    this.collect = collect;
  }

  /** The JVM's own heap and collector. */
  static HeapTrim ofThisJvm() {
    return new HeapTrim(HeapTrim::collectionCount, System::gc);
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

  @Override
  public void run() {
    long now = collections.getAsLong();
    boolean busyNow = now != seen;
    if (busy && !busyNow) {
      collect.run();
      now = collections.getAsLong(); // our own collection is not work
      log.debug("heap trim: a full collection after a burst");
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
