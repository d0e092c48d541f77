package chorus.fsindex.scan;

import chorus.core.model.FileRecord;

import chorus.fsindex.chunk.ChunkerParams;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a scan runs: how many threads hash, how big their read buffers are, how much work may wait between
 * the stages (which bounds the scan's memory), and how many problems are kept for the report.
 *
 * @param hashers hashing threads (the walker and the index writer have one thread each)
 * @param queueCapacity files waiting to be hashed, and records waiting to be written, at most
 * @param maxProblems problems kept with path and reason; more are only counted
 * @param hook called during hashing; tests use it to change a file mid-hash
 * @param walkHook called by the walk between its two looks at a directory; tests use it to commit what a
 *     racing puller would
 * @param global the cluster's version of a path, if the sync engine knows one: a file found with exactly
 *     that content and metadata takes that version instead of a new one of ours (a pre-seeded copy, or a
 *     file the engine wrote whose record a racing scan did not see, is then no change at all)
 */
public record ScanOptions(
    int hashers, int bufferSize, int queueCapacity, int maxProblems, ChunkerParams chunking, ThreadFactory threads,
    HashHook hook, WalkHook walkHook, GlobalView global) {

  /** The cluster's version of a path as the sync engine sees it. */
  @FunctionalInterface
  public interface GlobalView {
    GlobalView NONE = path -> null;

    /** The global record of {@code path}, or null if no peer announced one. */
    FileRecord global(String path);
  }

  /** Called by a hasher after each buffer it reads from a file. */
  @FunctionalInterface
  public interface HashHook {
    HashHook NONE = (path, bytesSoFar) -> { };

    void afterRead(String path, long bytesSoFar) throws IOException;
  }

  /** Called by the walk after it read a directory's children from the index and listed it on disk. */
  @FunctionalInterface
  public interface WalkHook {
    WalkHook NONE = dir -> { };

    void afterListing(String dir);
  }

  public ScanOptions {
    if (hashers < 1 || bufferSize < 4096 || queueCapacity < 1 || maxProblems < 0) {
      throw new IllegalArgumentException("bad scan options: hashers " + hashers + ", buffer " + bufferSize
          + ", queue " + queueCapacity + ", max problems " + maxProblems);
    }
    Objects.requireNonNull(chunking, "chunking");
    Objects.requireNonNull(threads, "threads");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(walkHook, "walkHook");
    Objects.requireNonNull(global, "global");
  }

  /** One hasher per core, 1 MiB buffers, 256 files in flight per stage. */
  public static ScanOptions defaults() {
    return new ScanOptions(Runtime.getRuntime().availableProcessors(), 1 << 20, 256, 1000, ChunkerParams.DEFAULT,
        daemonThreads("chorus-scan"), HashHook.NONE, WalkHook.NONE, GlobalView.NONE);
  }

  public ScanOptions withHashers(int n) {
    return new ScanOptions(n, bufferSize, queueCapacity, maxProblems, chunking, threads, hook, walkHook, global);
  }

  public ScanOptions withBufferSize(int n) {
    return new ScanOptions(hashers, n, queueCapacity, maxProblems, chunking, threads, hook, walkHook, global);
  }

  public ScanOptions withHook(HashHook h) {
    return new ScanOptions(hashers, bufferSize, queueCapacity, maxProblems, chunking, threads, h, walkHook, global);
  }

  public ScanOptions withWalkHook(WalkHook h) {
    return new ScanOptions(hashers, bufferSize, queueCapacity, maxProblems, chunking, threads, hook, h, global);
  }

  public ScanOptions withGlobal(GlobalView g) {
    return new ScanOptions(hashers, bufferSize, queueCapacity, maxProblems, chunking, threads, hook, walkHook, g);
  }

  /** Daemon threads named {@code prefix-N}, so a scan never keeps the JVM alive on its own. */
  public static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
