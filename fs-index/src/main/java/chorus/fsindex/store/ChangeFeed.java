package chorus.fsindex.store;

import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import chorus.core.feed.FeedReader;
import chorus.core.id.FolderId;
import chorus.fsindex.store.FeedEntryCodec.Draft;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The device's change feed: every change of the index (of any folder) as one entry in the {@code feed}
 * family, under a sequence number of its own.
 *
 * <p><b>Writing.</b> {@link FolderIndex#updateAll} derives the entries ({@link FeedDerivation}) and
 * writes its batch through {@link #write}, which numbers them and adds them to the same batch: the
 * records and their entries land together or not at all. Numbering and writing happen under one lock, so
 * sequence order is write order across folders; a reader that has seen entry N has seen every entry
 * before it.
 *
 * <p><b>Reading</b> sees entries only once they are synced ({@link RocksIndex#sync}, which every scan
 * ends with): the write-ahead log is synced once per scan, not per change, so a power loss can lose the
 * last changes, and the numbers would then be given out again to other changes. A reader that had seen
 * the lost entries would skip the new ones. This is the rule the index exchange follows for the same
 * reason.
 *
 * <p><b>Bounds.</b> {@link FeedOptions}: every {@code trimEvery} appends, the write that crosses the mark
 * also deletes (one range delete) the entries beyond the count bound and those older than the age bound;
 * {@link #trim} does the same on a schedule. The newest entry is always kept. A reader behind what is
 * trimmed is told ({@link FeedPage#missed}).
 *
 * <p>Thread-safe: {@code lock} guards the numbering, the bounds and the waiters.
 */
public final class ChangeFeed implements FeedReader {
  /** Entries examined by one read with a folder filter, so a rare folder cannot make one read walk the feed. */
  static final int MAX_EXAMINED = 10_000;
  /** Expired entries one trim looks at; the rest go at the next trim. */
  static final int MAX_AGE_SCAN = 100_000;

  private final RocksIndex index;
  private final ColumnFamilyHandle family; // null: an index opened read-only that has no feed yet
  private final FeedOptions options;
  private final Clock clock;
  private final Object lock = new Object();
  private long written; // guarded by lock: the highest sequence written
  private long oldest; // guarded by lock: the lowest sequence held (written + 1 if none)
  private long lastTime; // guarded by lock: times never go backwards, so the oldest entries are the first
  private long sinceTrim; // guarded by lock
  private volatile long published; // readers see entries up to here (written and synced)
  private final List<Waiter> waiters = new ArrayList<>(); // guarded by lock

  private record Waiter(long after, CompletableFuture<Long> future) {}

  ChangeFeed(RocksIndex index, ColumnFamilyHandle family, FeedOptions options, Clock clock) {
    this.index = index;
    this.family = family;
    this.options = options;
    this.clock = clock;
    if (family != null) {
      this.written = readEdge(true);
      long first = readEdge(false);
      this.oldest = first == 0 ? written + 1 : first;
      // What the log held at open; the daemon syncs its folders at start (FolderScans) before any scan.
      this.published = written;
    } else {
      this.oldest = 1;
    }
  }

  public FeedOptions options() {
    return options;
  }

  /** The newest sequence readers can see (0 before the first change). */
  public long latest() {
    return published;
  }

  // --- writing

  /**
   * Numbers {@code drafts}, adds them (and a trim, when one is due) to {@code batch} and writes it.
   * Called by {@link FolderIndex} under its own lock; an exception leaves the numbering untouched.
   */
  void write(int folder, List<Draft> drafts, WriteBatch batch, String operation, String family, byte[] key)
      throws RocksDBException {
    synchronized (lock) {
      long time = Math.max(lastTime, clock.millis());
      long seq = written;
      for (Draft d : drafts) {
        batch.put(this.family, KeySchema.feed(++seq), FeedEntryCodec.encode(time, folder, d));
      }
      boolean due = sinceTrim + drafts.size() >= options.trimEvery();
      // Deletes after the puts in one batch apply after them, so the count bound may reach into this batch.
      long trimTo = due ? trimPoint(oldest, seq, time) : oldest;
      if (trimTo > oldest) {
        batch.deleteRange(this.family, KeySchema.feed(oldest), KeySchema.feed(trimTo));
      }
      index.write(operation, family, key, batch);
      written = seq;
      lastTime = time;
      oldest = trimTo;
      sinceTrim = due ? 0 : sinceTrim + drafts.size();
    }
  }

  /** The highest sequence written so far; {@link RocksIndex#sync} publishes up to it once synced. */
  long writtenUpTo() {
    synchronized (lock) {
      return written;
    }
  }

  /** Lets readers see entries up to {@code upTo} (they are synced) and wakes those waiting for them. */
  void publish(long upTo) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (lock) {
      if (upTo <= published) {
        return;
      }
      published = upTo;
      waiters.removeIf(w -> {
        if (w.after() < upTo) {
          ready.add(w);
          return true;
        }
        return false;
      });
    }
    for (Waiter w : ready) {
      w.future().complete(upTo); // outside the lock: the future's dependents run here
    }
  }

  /** Applies the bounds now (the daemon calls it on a schedule, so an idle feed also ages out). */
  public void trim() {
    if (family == null || index.isReadOnly()) {
      return;
    }
    synchronized (lock) {
      long trimTo = trimPoint(oldest, written, Math.max(lastTime, clock.millis()));
      if (trimTo > oldest) {
        try (WriteBatch batch = new WriteBatch()) {
          batch.deleteRange(family, KeySchema.feed(oldest), KeySchema.feed(trimTo));
          index.write("trim the change feed", KeySchema.FEED, KeySchema.feed(oldest), batch);
        } catch (RocksDBException e) {
          throw new StorageException("trim the change feed", KeySchema.describe(KeySchema.FEED, KeySchema.feed(oldest)),
              e.getMessage(), e);
        }
        oldest = trimTo;
      }
      sinceTrim = 0;
    }
  }

  /**
   * The first sequence to keep when the feed holds {@code from..to}: past the count bound, and past the
   * entries older than the age bound, but never past {@code to} (the newest entry stays).
   */
  private long trimPoint(long from, long to, long nowMillis) {
    if (to < from) {
      return from;
    }
    long keep = Math.max(from, to - options.maxEntries() + 1);
    long cutoff = nowMillis - options.maxAge().toMillis();
    long[] firstYoung = {keep};
    byte[] start = KeySchema.feed(keep);
    index.withIterator("trim the change feed", KeySchema.FEED, family, start, it -> {
      int looked = 0;
      for (it.seek(start); it.isValid() && looked < MAX_AGE_SCAN; it.next(), looked++) {
        long seq = KeySchema.seqOfFeed(it.key());
        if (seq >= to) {
          firstYoung[0] = to; // entries up to the one before the newest are old (or written in this batch)
          break;
        }
        try {
          if (FeedEntryCodec.timeOf(it.value()) >= cutoff) {
            firstYoung[0] = seq;
            break;
          }
        } catch (ByteReader.MalformedException e) {
          throw RocksIndex.corrupt("trim the change feed", KeySchema.FEED, it.key(), e);
        }
        firstYoung[0] = seq + 1;
      }
      return null;
    });
    return Math.min(Math.max(keep, firstYoung[0]), to);
  }

  // --- reading

  @Override
  public FeedPage since(long after, int limit, FolderId folder) {
    if (limit < 1) {
      throw new IllegalArgumentException("a feed read needs a limit of at least 1, got " + limit);
    }
    long latest = published;
    long held;
    synchronized (lock) {
      held = oldest;
    }
    boolean missed = after < held - 1 || after > latest;
    long from = missed ? Math.min(held, latest + 1) - 1 : Math.max(after, 0);
    if (family == null || from >= latest) {
      return new FeedPage(List.of(), Math.min(held, latest + 1), latest, missed, from);
    }
    Integer wanted = folder == null ? null : index.folderKey(folder);
    if (folder != null && wanted == null) {
      return new FeedPage(List.of(), Math.min(held, latest + 1), latest, missed, latest); // a folder never indexed
    }
    List<FeedEntry> entries = new ArrayList<>(Math.min(limit, 256));
    long[] through = {from};
    boolean[] gap = {false};
    byte[] start = KeySchema.feed(from + 1);
    index.withIterator("read the change feed", KeySchema.FEED, family, start, it -> {
      int examined = 0;
      for (it.seek(start); it.isValid() && entries.size() < limit && examined < MAX_EXAMINED; it.next(), examined++) {
        long seq = KeySchema.seqOfFeed(it.key());
        if (seq > latest) {
          break;
        }
        // Trimmed between reading the bounds and opening the iterator (which reads one snapshot).
        gap[0] |= examined == 0 && seq != from + 1;
        through[0] = seq;
        byte[] value = it.value();
        try {
          if (wanted != null && (value.length < FeedEntryCodec.TIME_BYTES + 4
              || KeySchema.getU32(value, FeedEntryCodec.TIME_BYTES) != wanted)) {
            continue;
          }
          entries.add(FeedEntryCodec.decode(seq, value, index::folderNamed));
        } catch (ByteReader.MalformedException e) {
          throw RocksIndex.corrupt("read the change feed", KeySchema.FEED, it.key(), e);
        }
      }
      return null;
    });
    long oldestNow;
    synchronized (lock) {
      oldestNow = Math.min(oldest, latest + 1);
    }
    return new FeedPage(entries, oldestNow, latest, missed || gap[0], through[0]);
  }

  @Override
  public CompletableFuture<Long> awaitAfter(long after) {
    long now = published;
    if (now > after) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(after, future);
    synchronized (lock) {
      if (published > after) {
        return CompletableFuture.completedFuture(published);
      }
      waiters.add(waiter);
    }
    future.whenComplete((v, e) -> {
      if (future.isCancelled()) {
        synchronized (lock) {
          waiters.remove(waiter);
        }
      }
    });
    return future;
  }

  /** How many waits are registered now (answered and cancelled ones are gone). */
  public int waiting() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  /** The first (or last) sequence in the family, 0 if it is empty. */
  private long readEdge(boolean last) {
    byte[] edge = KeySchema.feed(last ? -1L : 0L); // -1 is u64 max
    return index.withIterator("open the change feed", KeySchema.FEED, family, edge, it -> {
      if (last) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
      return it.isValid() ? KeySchema.seqOfFeed(it.key()) : 0L;
    });
  }
}
