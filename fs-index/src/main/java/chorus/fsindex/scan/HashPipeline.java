package chorus.fsindex.scan;

import chorus.fsindex.store.FileStat;
import chorus.core.model.FileRecord;
import chorus.fsindex.chunk.ContentHasher;
import chorus.fsindex.chunk.HashedContent;
import chorus.fsindex.store.FolderIndex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The back half of a scan: hasher threads take files from a bounded queue and cut and hash them; one
 * writer thread applies the changes to the index, whatever is waiting (up to 256) in one
 * {@code FolderIndex.updateAll}, each path still all-or-nothing. Both queues are
 * bounded, so a scan holds a few hundred files' worth of work in memory whatever the size of the tree.
 *
 * <p>A failure of the index (a {@link chorus.fsindex.store.StorageException}) or any unexpected error
 * stops the whole scan: every stage checks {@link #failure()} while it waits, and {@link #finish()}
 * rethrows it. A problem with one file is only reported.
 */
final class HashPipeline {
  /** A file to hash, with the stat the walk saw. */
  /** A file to hash; {@code observed} is the sequence of the record the walk compared it with (-1: none). */
  record HashJob(String path, Path file, FileStat stat, long observed) {}

  private record WriteJob(String path, UnaryOperator<FileRecord> change) {}

  private static final HashJob NO_MORE_FILES = new HashJob("", Path.of(""), null, -1);
  private static final WriteJob NO_MORE_WRITES = new WriteJob("", old -> null);
  /** Changes written together at most; a group is what the queue holds when the writer gets to it. */
  private static final int WRITE_GROUP = 256;

  private final FolderIndex index;
  private final ScanOptions options;
  private final ScanCounters counters;
  private final ProblemLog problems;
  private final RecordFactory records;
  private final BlockingQueue<HashJob> hashQueue;
  private final BlockingQueue<WriteJob> writeQueue;
  private final List<Thread> hashers = new ArrayList<>();
  private Thread writer;
  private volatile Throwable failure;

  HashPipeline(FolderIndex index, ScanOptions options, ScanCounters counters, ProblemLog problems,
      RecordFactory records) {
    this.index = index;
    this.options = options;
    this.counters = counters;
    this.problems = problems;
    this.records = records;
    this.hashQueue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.writeQueue = new ArrayBlockingQueue<>(options.queueCapacity());
  }

  void start() {
    for (int i = 0; i < options.hashers(); i++) {
      Thread t = options.threads().newThread(this::hashLoop);
      hashers.add(t);
      t.start();
    }
    writer = options.threads().newThread(this::writeLoop);
    writer.start();
  }

  /** Queues a file for hashing; blocks while the queue is full. */
  void hash(HashJob job) throws InterruptedException {
    counters.queuedBytes.addAndGet(job.stat().size());
    put(hashQueue, job);
  }

  /** Queues a change that needs no hashing (directories, symlinks, tombstones). */
  void write(String path, UnaryOperator<FileRecord> change) throws InterruptedException {
    put(writeQueue, new WriteJob(path, change));
  }

  Throwable failure() {
    return failure;
  }

  void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  /** Waits for every queued file to be hashed and every change written; rethrows a failure. */
  void finish() throws InterruptedException {
    try {
      for (int i = 0; i < hashers.size(); i++) {
        put(hashQueue, NO_MORE_FILES);
      }
      for (Thread t : hashers) {
        t.join();
      }
      put(writeQueue, NO_MORE_WRITES);
      writer.join();
    } catch (ScanAbortedException e) {
      abort(e.getCause());
    }
    rethrow();
  }

  /** Stops every thread after a failure elsewhere, without waiting for queued work. */
  void abort(Throwable cause) throws InterruptedException {
    fail(cause);
    for (Thread t : hashers) {
      t.interrupt();
    }
    if (writer != null) {
      writer.interrupt();
    }
    for (Thread t : hashers) {
      t.join();
    }
    if (writer != null) {
      writer.join();
    }
  }

  void rethrow() {
    Throwable f = failure;
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error e) {
      throw e;
    }
    if (f != null) {
      throw new IllegalStateException("scan failed: " + f, f);
    }
  }

  private <T> void put(BlockingQueue<T> queue, T item) throws InterruptedException {
    while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
      if (failure != null) {
        throw new ScanAbortedException(failure);
      }
    }
  }

  private void hashLoop() {
    ContentHasher hasher = new ContentHasher(options.chunking(), options.bufferSize());
    try {
      while (true) {
        HashJob job = hashQueue.take();
        if (job == NO_MORE_FILES) {
          return;
        }
        if (failure != null) {
          continue; // drain without work so that finish() can hand out its end markers
        }
        HashedContent content = hashOne(hasher, job);
        if (content != null) {
          counters.hashedFiles.incrementAndGet();
          counters.chunks.addAndGet(content.chunks().size());
          write(job.path(), RecordFactory.ifStill(job.observed(), records.file(job.path(), job.stat(), content)));
        }
      }
    } catch (InterruptedException | ScanAbortedException e) {
      // aborting
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** Hashes one file; null (with a problem reported) if it could not be read or changed meanwhile. */
  private HashedContent hashOne(ContentHasher hasher, HashJob job) throws InterruptedException {
    long[] reported = {0};
    HashedContent content;
    try (FileChannel ch = FileChannel.open(job.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      content = hasher.hash(ch, job.stat().size(), soFar -> {
        counters.hashedBytes.add(soFar - reported[0]);
        reported[0] = soFar;
        options.hook().afterRead(job.path(), soFar);
      });
    } catch (NoSuchFileException e) {
      problems.add(job.path(), "vanished before it could be read");
      return null;
    } catch (AccessDeniedException e) {
      problems.add(job.path(), "permission denied");
      return null;
    } catch (FileSystemException e) {
      problems.add(job.path(), "cannot read: " + (e.getReason() == null ? e.toString() : e.getReason()));
      return null;
    } catch (IOException e) {
      problems.add(job.path(), "cannot read: " + e);
      return null;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    FileStat after;
    try {
      after = FileStat.lstat(job.file());
    } catch (NoSuchFileException e) {
      problems.add(job.path(), "vanished while it was hashed");
      return null;
    } catch (IOException e) {
      problems.add(job.path(), "cannot stat after hashing: " + e);
      return null;
    }
    if (after.contentMayDiffer(job.stat()) || content.size() != job.stat().size()) {
      problems.add(job.path(), "changed while it was hashed (size " + job.stat().size() + " -> " + after.size()
          + ", " + content.size() + " bytes read); it will be indexed by the next scan");
      return null;
    }
    return content;
  }

  /**
   * Applies changes in groups: whatever is waiting (up to a limit) goes into one index write, so that
   * thousands of small files do not cost thousands of write-ahead-log appends.
   */
  private void writeLoop() {
    List<WriteJob> group = new ArrayList<>(WRITE_GROUP);
    List<FolderIndex.Change> changes = new ArrayList<>(WRITE_GROUP);
    try {
      boolean more = true;
      while (more) {
        group.clear();
        group.add(writeQueue.take());
        writeQueue.drainTo(group, WRITE_GROUP - 1);
        changes.clear();
        for (WriteJob job : group) {
          if (job == NO_MORE_WRITES) {
            more = false;
          } else {
            changes.add(new FolderIndex.Change(job.path(), job.change()));
          }
        }
        if (failure != null || changes.isEmpty()) {
          continue;
        }
        for (FolderIndex.Applied a : index.updateAll(changes)) {
          // Nothing to store (e.g. a racily clean file read again and found the same) or only local facts
          // refreshed: the path is unchanged as far as anyone but this index can tell.
          if (a.stored() == null || a.localOnly()) {
            counters.unchanged.incrementAndGet();
            continue;
          }
          if (a.stored().deleted()) {
            counters.deleted.incrementAndGet();
          } else if (a.before() == null || a.before().deleted()) {
            counters.added.incrementAndGet();
          } else {
            counters.changed.incrementAndGet();
          }
        }
      }
    } catch (InterruptedException e) {
      // aborting
    } catch (Throwable t) {
      fail(t);
    }
  }
}
