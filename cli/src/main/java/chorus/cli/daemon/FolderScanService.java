package chorus.cli.daemon;

import chorus.cli.engine.FolderGuard;
import chorus.cli.engine.FolderSync;
import chorus.cli.engine.OwnWrites;
import java.util.Optional;
import java.util.function.Supplier;

import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.RelativePath;
import chorus.fsindex.ignore.IgnoreMatcher;
import chorus.fsindex.scan.ScanOptions;
import chorus.fsindex.scan.ScanReport;
import chorus.fsindex.scan.Scanner;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.watch.ChangeSink;
import chorus.fsindex.watch.FolderWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one folder's index current while the daemon runs: loads the ignore patterns, watches the tree,
 * scans it once at start, and rescans what the watcher (or the chunk server, on a file that changed
 * under it) reports. Requests are coalesced: while a scan runs, new ones pile into one pending set,
 * which the next scan takes whole; past {@link #MAX_PENDING} paths it becomes a whole-folder scan.
 *
 * <p>Threads: the watcher thread only adds to the pending set; one scan thread per folder runs the
 * scanner (which hashes on its own pool). {@code this} guards the pending set and the state.
 */
final class FolderScanService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderScanService.class);
  static final int MAX_PENDING = 10_000;

  /** What the folder is doing, as shown by {@code chorus status}. */
  enum State {
    STARTING,
    SCANNING,
    IDLE,
    ERROR
  }

  private final FolderConfig folder;
  private final Path root;
  private final FolderIndex index;
  private final ShortId device;
  private final Clock clock;
  private final ExecutorService scanThread;
  private final Set<String> pending = new TreeSet<>();
  private boolean scanQueued;
  /** How often a folder whose ignore file was broken at start looks at it again. Tests lower it. */
  static volatile long ignoreRetryMillis = 10_000;
  private State state = State.STARTING;
  private String error;
  private ScanReport lastReport;
  private IgnoreMatcher ignores;
  private FolderWatcher watcher;
  private boolean closed;
  private final ObjLongConsumer<FolderId> synced;
  private final FolderGuard guard;
  private final Supplier<Optional<FolderSync>> engine;

  FolderScanService(FolderConfig folder, FolderIndex index, ShortId device, Clock clock) {
    this(folder, index, device, clock, (id, seq) -> { }, null, Optional::empty);
  }

  /**
   * @param synced told the folder's highest sequence after every scan, once its changes are synced to
   *     disk (what may be announced to peers)
   */
  FolderScanService(FolderConfig folder, FolderIndex index, ShortId device, Clock clock,
      ObjLongConsumer<FolderId> synced) {
    this(folder, index, device, clock, synced, null, Optional::empty);
  }

  /**
   * @param guard stops scanning while the folder's marker is missing (null: no guard, for tests of the
   *     scanning alone)
   * @param engine the folder's sync engine once it runs: its own writes are not rescanned, and a file that
   *     is exactly the cluster's version takes that version
   */
  FolderScanService(FolderConfig folder, FolderIndex index, ShortId device, Clock clock,
      ObjLongConsumer<FolderId> synced, FolderGuard guard, Supplier<Optional<FolderSync>> engine) {
    this.guard = guard;
    this.engine = engine;
    this.synced = synced;
    this.folder = folder;
    this.root = Path.of(folder.path());
    this.index = index;
    this.device = device;
    this.clock = clock;
    this.scanThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "chorus-scan-" + folder.id());
      t.setDaemon(true);
      return t;
    });
  }

  FolderConfig folder() {
    return folder;
  }

  /**
   * Loads the ignore patterns, starts watching (before the first scan, so no change between the scan's
   * walk and the watch is missed) and queues the first full scan. A folder whose root is missing or
   * whose ignore file is broken goes to {@link State#ERROR} and is not scanned: scanning without the
   * user's ignore patterns would index, and later send, files they meant to keep out. The file is read
   * again every {@link #ignoreRetryMillis}; once it can be used the folder starts.
   */
  synchronized void start() {
    if (closed) {
      return;
    }
    if (guard != null) {
      try {
        guard.ensureMarker();
      } catch (IOException e) {
        log.warn("folder {}: cannot write its marker: {}", folder.id(), e.getMessage());
      }
    }
    try {
      ignores = IgnoreMatcher.load(root);
    } catch (IOException | RuntimeException e) {
      // Nothing watches the folder yet, so a fix of the file would go unseen: look at it again in a
      // while, and start for real once it can be used (no restart needed).
      fail("the ignore patterns cannot be used: " + e.getMessage());
      CompletableFuture.delayedExecutor(ignoreRetryMillis, TimeUnit.MILLISECONDS).execute(this::start);
      return;
    }
    try {
      watcher = FolderWatcher.start(folder.id().value(), root, ignores, new Sink());
    } catch (IOException | RuntimeException e) {
      // Without a watcher the folder still gets the first scan; changes are then seen only by rescans.
      log.warn("folder {}: cannot watch {} ({}); changes will be picked up by rescans only",
          folder.id(), root, e.getMessage());
    }
    request(List.of(""));
  }

  /** Queues a scan of these paths (relative, "" for the whole folder) and everything below them. */
  synchronized void request(Iterable<String> paths) {
    if (closed) {
      return;
    }
    for (String p : paths) {
      pending.add(scannable(p));
    }
    if (pending.contains("") || pending.size() > MAX_PENDING) {
      pending.clear();
      pending.add("");
    }
    if (!scanQueued && !pending.isEmpty()) {
      scanQueued = true;
      try {
        scanThread.execute(this::scanPending);
      } catch (RejectedExecutionException e) {
        scanQueued = false; // closing
      }
    }
  }

  /**
   * The path itself if the scanner accepts it, else its nearest ancestor that it does: the watcher
   * reports names as spelled on disk, and a name that is not valid (not NFC, say) is then reported with
   * its reason by the scan of its directory instead of failing the whole request.
   */
  static String scannable(String path) {
    String p = path;
    while (!p.isEmpty() && RelativePath.problem(p) != null) {
      p = RelativePath.parent(p);
    }
    return p;
  }

  synchronized State state() {
    return state;
  }

  /** Why the folder is in {@link State#ERROR}, or null. */
  synchronized String error() {
    return error;
  }

  /** The last completed scan, or null before the first one finishes. */
  synchronized ScanReport lastReport() {
    return lastReport;
  }

  private void scanPending() {
    List<String> subtrees;
    synchronized (this) {
      scanQueued = false;
      if (closed || pending.isEmpty()) {
        return;
      }
      subtrees = new ArrayList<>(pending);
      pending.clear();
      state = State.SCANNING;
    }
    String stop = guard == null ? null : guard.scanStop();
    if (stop != null) {
      fail(stop);
      // Look again in a while: a disk mounted again (or a marker made) resumes the folder by itself.
      CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS).execute(() -> request(List.of("")));
      return;
    }
    try {
      ScanReport report = scanAndAnnounce(subtrees);
      synchronized (this) {
        lastReport = report;
        error = null;
        state = State.IDLE;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail("scan failed: " + e.getMessage());
      log.debug("folder {}: scan failure", folder.id(), e);
    }
  }

  /**
   * Scans these paths now (after any scan in progress) and returns its report: the API's blocking rescan.
   * The scan runs on the folder's scan thread, so it never overlaps another.
   */
  java.util.concurrent.Future<ScanReport> scanNow(List<String> subtrees) {
    return scanThread.submit(() -> {
      String stop = guard == null ? null : guard.scanStop();
      if (stop != null) {
        throw new IllegalStateException(stop);
      }
      return scanAndAnnounce(subtrees);
    });
  }

  /**
   * One scan on the scan thread: files that are exactly the cluster's version take it (the engine's
   * view); the scanner syncs the index at its end, so the changes can be announced at once.
   */
  private ScanReport scanAndAnnounce(List<String> subtrees) throws InterruptedException {
    ScanOptions options = ScanOptions.defaults().withGlobal(path -> engine.get().map(e -> e.globalOf(path)).orElse(null));
    ScanReport report = new Scanner(index, root, ignoresNow(), device, clock, options).scan(subtrees);
    synced.accept(folder.id(), index.lastSequence());
    logReport(subtrees, report);
    return report;
  }

  /** The ignore patterns in force. */
  synchronized IgnoreMatcher ignoresNow() {
    return ignores;
  }

  private void logReport(List<String> subtrees, ScanReport r) {
    boolean full = subtrees.contains("");
    if (full || r.added() + r.changed() + r.deleted() + r.problemCount() > 0) {
      log.info("folder {}: scanned {} in {} ms: {} added, {} changed, {} deleted, {} problem(s)",
          folder.id(), full ? "everything" : subtrees.size() + " path(s)", r.duration().toMillis(),
          r.added(), r.changed(), r.deleted(), r.problemCount());
    }
    r.problems().forEach(p -> log.warn("folder {}: {}", folder.id(), p));
  }

  private synchronized void fail(String reason) {
    state = State.ERROR;
    error = reason;
    log.warn("folder {}: {}", folder.id(), reason);
  }

  /** Reloads the ignore patterns after the watcher saw {@code .chorusignore} change, then rescans all. */
  private void reloadIgnores() {
    IgnoreMatcher fresh;
    try {
      fresh = IgnoreMatcher.load(root);
    } catch (IOException | RuntimeException e) {
      fail("the changed ignore patterns cannot be used, so scanning stopped: " + e.getMessage());
      return;
    }
    synchronized (this) {
      ignores = fresh;
      if (watcher != null) {
        watcher.updateFilter(fresh);
      }
      log.info("folder {}: ignore patterns reloaded ({} pattern(s))", folder.id(), fresh.patterns().size());
    }
    engine.get().ifPresent(FolderSync::decideAllAgain); // a path now ignored is no longer needed, and back
    request(List.of(""));
  }

  /** Stops watching and scanning; waits briefly for a scan in progress to notice. */
  @Override
  public void close() {
    FolderWatcher w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      pending.clear();
      w = watcher;
    }
    if (w != null) {
      w.close();
    }
    scanThread.shutdownNow();
    try {
      scanThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The watcher's callbacks run on its thread: they only queue work. */
  private final class Sink implements ChangeSink {
    @Override
    public void changed(Set<String> relativePaths) {
      Optional<FolderSync> e = engine.get();
      if (e.isEmpty()) {
        request(relativePaths);
        return;
      }
      OwnWrites own = e.get().ownWrites();
      List<String> theirs = new ArrayList<>(relativePaths.size());
      for (String p : relativePaths) {
        if (!own.isOwn(p)) {
          theirs.add(p);
        }
      }
      if (!theirs.isEmpty()) {
        request(theirs);
      }
    }

    @Override
    public void rescan(String relativeDirectory) {
      request(List.of(relativeDirectory));
    }

    @Override
    public void ignoreFileChanged() {
      try {
        scanThread.execute(FolderScanService.this::reloadIgnores);
      } catch (RejectedExecutionException e) {
        // closing: nothing to reload for
      }
    }
  }
}
