package chorus.fsindex.scan;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of a scan in progress, updated by its threads and safe to read from any thread (a progress
 * display polls them). Seen counts are what is on disk and not ignored; added/changed/deleted are what was
 * written to the index.
 */
public final class ScanCounters {
  final AtomicLong directories = new AtomicLong();
  final AtomicLong files = new AtomicLong();
  final AtomicLong symlinks = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong unchanged = new AtomicLong();
  final AtomicLong ignored = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong queuedBytes = new AtomicLong();
  final LongAdder hashedBytes = new LongAdder();
  final AtomicLong hashedFiles = new AtomicLong();
  final AtomicLong chunks = new AtomicLong();
  final AtomicLong added = new AtomicLong();
  final AtomicLong changed = new AtomicLong();
  final AtomicLong deleted = new AtomicLong();
  final AtomicLong problems = new AtomicLong();
  volatile boolean walkDone;

  public long filesSeen() {
    return files.get();
  }

  /** Bytes of files found new or changed so far, to be hashed. */
  public long bytesToHash() {
    return queuedBytes.get();
  }

  /** Bytes read by the hashers so far (including files abandoned because they changed). */
  public long bytesHashed() {
    return hashedBytes.sum();
  }

  public long problems() {
    return problems.get();
  }

  /** True once the walk is over, so {@link #bytesToHash()} is final. */
  public boolean walkDone() {
    return walkDone;
  }
}
