package chorus.fsindex.scan;

import chorus.core.id.ShortId;
import chorus.core.model.RelativePath;
import chorus.fsindex.store.FolderIndex;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Brings a folder's index up to date with the folder on disk: new and changed files are hashed, gone
 * ones get tombstones, unchanged ones cost a stat and part of one index read.
 *
 * <p>The pipeline: this thread walks the tree ({@link TreeWalk}) and hands files to hash to a bounded
 * queue; a pool of hasher threads cuts and hashes them; one writer thread commits every change. A change
 * made here is a local change: it takes this device's next version and the folder's next sequence.
 *
 * <p>One scan at a time per scanner; {@link #scan(List)} rescans only the given subtrees (the watcher's
 * entry point).
 */
public final class Scanner {
  private final FolderIndex index;
  private final Path root;
  private final ScanFilter filter;
  private final ShortId device;
  private final Clock clock;
  private final ScanOptions options;

  public Scanner(FolderIndex index, Path root, ScanFilter filter, ShortId device, Clock clock, ScanOptions options) {
    this.index = Objects.requireNonNull(index, "index");
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    this.filter = Objects.requireNonNull(filter, "filter");
    this.device = Objects.requireNonNull(device, "device");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
    if (!Charset.forName(encoding).equals(java.nio.charset.StandardCharsets.UTF_8)) {
      throw new IllegalStateException("the JVM decodes file names as " + encoding
          + ", not UTF-8, so non-ASCII names would be mangled; run chorus with LANG=C.UTF-8 (or another UTF-8 locale)");
    }
  }

  /** Scans the whole folder. */
  public ScanReport scan() throws InterruptedException {
    return scan(List.of(""));
  }

  /** Scans the given paths (relative, "" for the whole folder) and everything below them. */
  public ScanReport scan(List<String> subtrees) throws InterruptedException {
    return scan(subtrees, counters -> { });
  }

  /**
   * Scans the given subtrees; {@code onStart} receives the live counters before the walk begins (a
   * progress display polls them from its own thread).
   *
   * @throws IllegalStateException if the folder root is not a directory: nothing is scanned, so an
   *     unmounted disk never turns into a folder full of tombstones
   * @throws chorus.fsindex.store.StorageException if the index fails; the scan stops
   */
  public synchronized ScanReport scan(List<String> subtrees, Consumer<ScanCounters> onStart)
      throws InterruptedException {
    List<String> targets = normalize(subtrees);
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("folder " + index.id() + ": root " + root
          + " is missing or not a directory; nothing was scanned");
    }
    long started = System.nanoTime();
    ScanCounters counters = new ScanCounters();
    ProblemLog problems = new ProblemLog(options.maxProblems(), counters);
    RecordFactory records = new RecordFactory(device, clock, options.global());
    HashPipeline pipeline = new HashPipeline(index, options, counters, problems, records);
    TreeWalk walk = new TreeWalk(root, index, filter, pipeline, records, counters, problems, options.walkHook());
    onStart.accept(counters);
    pipeline.start();
    try {
      for (String target : targets) {
        walk.walk(target);
      }
    } catch (ScanAbortedException e) {
      pipeline.abort(e.getCause());
      pipeline.rethrow();
    } catch (InterruptedException | RuntimeException | Error e) {
      pipeline.abort(e);
      throw e;
    }
    counters.walkDone = true;
    pipeline.finish();
    index.sync();
    return ScanReport.of(index.id(), Duration.ofNanos(System.nanoTime() - started), counters, problems.kept());
  }

  /** Validates and de-duplicates subtrees: a path inside another listed one is dropped. */
  static List<String> normalize(List<String> subtrees) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String s : subtrees) {
      String p = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
      if (!p.isEmpty()) {
        RelativePath.requireValid(p);
      }
      sorted.add(p);
    }
    List<String> out = new ArrayList<>();
    for (String s : sorted) {
      boolean covered = false;
      for (String kept : out) {
        if (kept.isEmpty() || s.equals(kept) || s.startsWith(kept + "/")) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        out.add(s);
      }
    }
    return out;
  }
}
