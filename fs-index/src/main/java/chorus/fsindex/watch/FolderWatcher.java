package chorus.fsindex.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import chorus.fsindex.scan.InternalFiles;
import chorus.fsindex.scan.ScanFilter;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one folder for changes with the JDK {@link WatchService} (inotify on Linux), one watch per
 * directory, on one named daemon thread, and reports debounced batches of changed paths to a
 * {@link ChangeSink}. New directories are watched as they appear and their contents are listed right
 * after, so files created before the watch took hold are not missed. Directories the filter can skip
 * are never watched. Lost events (overflow) become a rescan request; when the kernel's watch limit is
 * reached the rest of the tree goes unwatched, this is reported once with the fix, and the periodic
 * full rescan (hourly ±25 % by default, which also retries watching) covers it.
 *
 * <p>Start the watcher before the folder's initial scan, so nothing falls between the two. Paths are
 * reported as spelled on disk; the filter is asked with their NFC form.
 */
public final class FolderWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
  /** The longest the thread sleeps, so that filter updates and close are noticed promptly. */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** After this many keys in a row, deliver what is due before reading on. */
  private static final int MAX_KEYS_PER_ROUND = 1024;

  private final String name;
  private final Path root;
  private final ChangeSink sink;
  private final WatchOptions options;
  private final LongSupplier nanoClock;
  private final Consumer<String> warnings;
  private final WatchService service;
  private final WatchRegistry registry;
  private final ChangeAggregator aggregator;
  private final PeriodicRescan periodic;
  private final Thread thread;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean resyncRequested = new AtomicBoolean();
  private volatile ScanFilter filter;
  private volatile boolean limitReached;

  // Owned by the watcher thread.
  private final Set<String> overflowed = new HashSet<>();
  private boolean limitReported;
  private long ignoreFileEventAt = -1;

  /** Watches {@code root} with the default options, the system clock and a fresh random source. */
  public static FolderWatcher start(String name, Path root, ScanFilter filter, ChangeSink sink) throws IOException {
    return start(name, root, filter, sink, WatchOptions.DEFAULTS, System::nanoTime, RandomGenerator.getDefault(),
        log::warn);
  }

  /**
   * Watches {@code root}: registers the tree (on the calling thread; when this returns, every change
   * from then on is seen) and starts the thread. {@code warnings} receives problems an operator must
   * act on, such as the watch limit. Throws only if {@code root} is not a readable directory.
   */
  public static FolderWatcher start(String name, Path root, ScanFilter filter, ChangeSink sink, WatchOptions options,
      LongSupplier nanoClock, RandomGenerator random, Consumer<String> warnings) throws IOException {
    FolderWatcher w = new FolderWatcher(name, root, filter, sink, options, nanoClock, random, warnings,
        UnaryOperator.identity());
    try {
      w.start();
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  /** Not yet started; {@code registrarWrapper} lets tests stand between the watcher and the kernel. */
  FolderWatcher(String name, Path root, ScanFilter filter, ChangeSink sink, WatchOptions options,
      LongSupplier nanoClock, RandomGenerator random, Consumer<String> warnings,
      UnaryOperator<WatchRegistry.Registrar> registrarWrapper) throws IOException {
    this.name = Objects.requireNonNull(name, "name");
    this.root = root.toAbsolutePath().normalize();
    this.filter = Objects.requireNonNull(filter, "filter");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = Objects.requireNonNull(options, "options");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    if (!Files.isDirectory(this.root)) {
      throw new NotDirectoryException(this.root.toString());
    }
    WatchService ws;
    try {
      ws = this.root.getFileSystem().newWatchService();
    } catch (IOException e) {
      // Typically the per-user limit of inotify instances; periodic rescans still run.
      ws = null;
      warnings.accept("cannot watch folder " + name + " (" + this.root + "): " + e.getMessage()
          + "; changes are found only by the periodic rescan. If the limit of inotify instances is reached,"
          + " raise it: sysctl fs.inotify.max_user_instances=1024");
    }
    this.service = ws;
    WatchRegistry.Registrar real = dir -> dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    this.registry = new WatchRegistry(registrarWrapper.apply(real));
    this.aggregator = new ChangeAggregator(options.quiet().toNanos(), options.maxDelay().toNanos(),
        options.maxPending(), rel -> PathState.of(this.root.resolve(rel)));
    this.periodic = new PeriodicRescan(options.rescanInterval(), options.rescanJitter(), random, nanoClock.getAsLong());
    this.thread = new Thread(this::run, "chorus-watch-" + name);
    this.thread.setDaemon(true);
  }

  /** Registers the tree and starts the thread; once only. */
  void start() {
    registerAll();
    startThread();
  }

  void registerAll() {
    walk("", false, nanoClock.getAsLong());
  }

  void startThread() {
    if (started.compareAndSet(false, true)) {
      thread.start();
    }
  }

  /**
   * Uses {@code newFilter} from now on (after the ignore file changed): the tree is walked again to
   * watch directories that are no longer skipped, and a full rescan is requested.
   */
  public void updateFilter(ScanFilter newFilter) {
    this.filter = Objects.requireNonNull(newFilter, "newFilter");
    resyncRequested.set(true);
  }

  /** How many directories are watched now. */
  public int watchedDirectoryCount() {
    return registry.size();
  }

  /** True if the kernel's watch limit kept part of the tree unwatched. */
  public boolean watchLimitReached() {
    return limitReached;
  }

  /** True while events are being read (false if no watch service could be had, or after close). */
  public boolean isWatching() {
    return service != null && !closed.get();
  }

  /** Stops the thread and releases the watches; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (service != null) {
        service.close(); // wakes the thread out of poll()
      }
    } catch (IOException e) {
      log.debug("closing the watch service of {}", name, e);
    }
    if (service == null || !started.get()) {
      thread.interrupt();
    }
    if (started.get() && Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- the thread ----

  private void run() {
    while (!closed.get()) {
      try {
        long now = nanoClock.getAsLong();
        finishRound(now);
        long wait = Math.min(MAX_WAIT_NANOS, nanosUntilNext(now));
        if (service == null) {
          TimeUnit.NANOSECONDS.sleep(wait);
          continue;
        }
        WatchKey key = service.poll(wait, TimeUnit.NANOSECONDS);
        for (int n = 0; key != null && n < MAX_KEYS_PER_ROUND; n++) {
          processKey(key);
          key = service.poll();
        }
        if (key != null) {
          processKey(key);
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        // A bug or a sink failure must not end watching; pause so a persistent one cannot spin.
        log.error("watcher of folder {} hit an unexpected error; carrying on", name, e);
        try {
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException ie) {
          break;
        }
      }
    }
    registry.cancelAll();
  }

  private long nanosUntilNext(long now) {
    long next = Math.min(aggregator.nanosUntilNext(now), periodic.nanosUntil(now));
    if (ignoreFileEventAt >= 0) {
      next = Math.min(next, Math.max(0, ignoreFileEventAt + options.quiet().toNanos() - now));
    }
    return next;
  }

  private void processKey(WatchKey key) {
    List<WatchEvent<?>> events = key.pollEvents();
    boolean valid = key.reset();
    String dir = registry.directoryOf(key);
    if (dir != null) {
      handleEvents(dir, events, nanoClock.getAsLong());
    }
    if (!valid) {
      registry.forget(key); // the directory itself is gone; its parent reports the delete
    }
  }

  /** Turns one key's events into recorded paths, watches and overflow marks (a seam for tests). */
  void handleEvents(String dir, List<WatchEvent<?>> events, long now) {
    for (WatchEvent<?> event : events) {
      WatchEvent.Kind<?> kind = event.kind();
      if (kind == OVERFLOW) {
        overflowed.add(dir);
        continue;
      }
      if (!(event.context() instanceof Path name)) {
        continue;
      }
      String rel = dir.isEmpty() ? name.toString() : dir + "/" + name;
      if (rel.equals(InternalFiles.IGNORE_FILE)) {
        ignoreFileEventAt = now;
      } else if (kind == ENTRY_DELETE) {
        // A watched directory may hold un-ignored paths even if it is ignored itself (negations).
        boolean wasWatched = registry.isWatched(rel);
        registry.cancelSubtree(rel); // stop following the inode, which may live on elsewhere
        if (wasWatched || !ignored(rel, false)) {
          record(rel, now);
        }
      } else if (kind == ENTRY_CREATE && Files.isDirectory(root.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
        walk(rel, true, now);
      } else if (!ignored(rel, registry.isWatched(rel))) {
        record(rel, now);
      }
    }
  }

  /** Handles what piled up this round: overflows, a filter change, the periodic rescan, deliveries. */
  void finishRound(long now) {
    if (!overflowed.isEmpty()) {
      String only = overflowed.size() == 1 ? overflowed.iterator().next() : "";
      overflowed.clear();
      // Directories created while events were lost are not watched yet: walk to pick them up.
      walk(only, false, now);
      log.info("folder {}: events lost in \"{}\"; asking for a rescan", name, only);
      rescan(only);
    }
    if (resyncRequested.getAndSet(false)) {
      walk("", false, now);
      rescan("");
    }
    if (periodic.due(now)) {
      periodic.schedule(now);
      if (limitReached) {
        limitReached = false; // try again: the limit may have been raised
        walk("", false, now);
        if (!limitReached) {
          warnings.accept("folder " + name + ": every directory is watched again (" + registry.size() + ")");
          limitReported = false;
        }
      }
      rescan("");
    }
    if (ignoreFileEventAt >= 0 && now - ignoreFileEventAt >= options.quiet().toNanos()) {
      ignoreFileEventAt = -1;
      try {
        sink.ignoreFileChanged();
      } catch (RuntimeException e) {
        log.error("folder {}: ignoreFileChanged failed", name, e);
      }
    }
    Set<String> due = aggregator.takeDue(now);
    if (!due.isEmpty()) {
      try {
        sink.changed(due);
      } catch (RuntimeException e) {
        log.error("folder {}: delivering {} changed paths failed", name, due.size(), e);
      }
    }
  }

  /**
   * Watches {@code start} and the directories below it that the filter does not let us skip; with
   * {@code recordContents} (a directory that just appeared), also records it and all it holds.
   */
  private void walk(String start, boolean recordContents, long now) {
    Deque<String> todo = new ArrayDeque<>();
    todo.push(start);
    while (!todo.isEmpty()) {
      String rel = todo.pop();
      if (!rel.isEmpty()) {
        String nfc = nfc(rel);
        if (filter.canSkipDirectory(nfc)) {
          continue;
        }
        if (recordContents && !filter.isIgnored(nfc, true)) {
          record(rel, now);
        }
      }
      Path abs = rel.isEmpty() ? root : root.resolve(rel);
      watch(abs, rel);
      try (DirectoryStream<Path> children = Files.newDirectoryStream(abs)) {
        for (Path child : children) {
          String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
          if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            todo.push(childRel);
          } else if (recordContents && !ignored(childRel, false)) {
            record(childRel, now);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // Gone again already; its parent reports the delete.
      } catch (IOException | DirectoryIteratorException e) {
        log.warn("folder {}: cannot list \"{}\": {}", name, rel, e.toString());
      }
    }
  }

  private void watch(Path abs, String rel) {
    if (service == null || limitReached || closed.get()) {
      return;
    }
    switch (registry.register(abs, rel)) {
      case LIMIT_REACHED -> {
        limitReached = true;
        if (!limitReported) {
          limitReported = true;
          warnings.accept("folder " + name + ": the inotify watch limit is reached after " + registry.size()
              + " directories; the rest of " + root + " is not watched and its changes are found only by the"
              + " periodic rescan. To watch everything, raise the limit, e.g."
              + " `sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.d/ to keep it after a reboot)");
        }
      }
      case FAILED -> log.warn("folder {}: cannot watch \"{}\": {}", name, rel, registry.lastFailure().toString());
      default -> { }
    }
  }

  private void record(String rel, long now) {
    if (!aggregator.record(rel, now)) {
      log.info("folder {}: more than {} changed paths pending; asking for a full rescan", name, options.maxPending());
      aggregator.clear();
      rescan("");
    }
  }

  private void rescan(String dir) {
    try {
      sink.rescan(dir);
    } catch (RuntimeException e) {
      log.error("folder {}: rescan request for \"{}\" failed", name, dir, e);
    }
  }

  private boolean ignored(String rel, boolean directory) {
    return filter.isIgnored(nfc(rel), directory);
  }

  private static String nfc(String s) {
    return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** The watched directories now, sorted. */
  Set<String> watchedDirectories() {
    return registry.watched();
  }

  @Override
  public String toString() {
    return "FolderWatcher[" + name + " " + root + ", " + registry.size() + " directories]";
  }
}
