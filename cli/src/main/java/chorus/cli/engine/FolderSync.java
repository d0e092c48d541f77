package chorus.cli.engine;

import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import chorus.core.sync.Announced;
import chorus.core.sync.NeedTracker;
import chorus.core.sync.Resolution;
import chorus.fsindex.pull.Archiver;
import chorus.fsindex.pull.FolderPuller;
import chorus.fsindex.pull.PullOutcome;
import chorus.fsindex.pull.PullTask;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.version.Versioner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine of one folder: keeps what it needs ({@link NeedTracker}, fed path by path by stored
 * IndexUpdates and by every local index change) and, on its own thread, pulls it in batches through the
 * {@link FolderPuller}, retrying failures with a backoff, while the {@link FolderGuard} allows.
 *
 * <p>Folder types: send-only applies nothing (the need is shown; {@link #override} makes this device's
 * state the cluster's); receive-only applies the cluster's versions, never lets a local change win (the
 * daemon does not announce local changes of such a folder), and {@link #revert} undoes them.
 */
public final class FolderSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderSync.class);
  /** Paths handed to one {@link FolderPuller#apply} call: large enough to keep the pipelines full. */
  static final int BATCH = 4096;
  /**
   * A batch also ends after this many bytes of files: the order is decided again between batches, so a
   * file that became urgent (a song row arrived before it) waits for at most one batch of a large backlog.
   * 256 MiB is a couple of seconds of pulling, and long enough that batch ends cost little throughput.
   * Tests lower it.
   */
  static volatile long batchBytes = 256L << 20;

  /** What the folder's engine is doing. */
  public enum State {
    STARTING,
    IDLE,
    SYNCING,
    /** Something is needed that is not being pulled: failures waiting to be retried, or a send-only folder. */
    OUT_OF_SYNC,
    STOPPED
  }

  private final FolderConfig folder;
  private final FolderIndex index;
  private final EngineContext ctx;
  private final FolderGuard guard;
  private final OwnWrites own;
  private final NeedTracker tracker;
  private final FolderPuller puller;
  private final Failures failures = new Failures();
  private final Consumer<List<FolderIndex.Applied>> indexListener = this::localApplied;
  private final Thread thread;
  private final Set<String> dirty = new HashSet<>();
  private boolean resetAll = true;
  private volatile State state = State.STARTING;
  /** The folder's ignore patterns as of this round (read by the scan thread too, through {@link #globalOf}). */
  private volatile chorus.fsindex.ignore.IgnoreMatcher ignores = chorus.fsindex.ignore.IgnoreMatcher.internalOnly();
  private volatile String stopReason;
  private volatile boolean closed;
  private final SyncRate rate = new SyncRate();
  /** How long a file's deletion waits for the addition that would make it a rename (see {@link #runnable}). */
  static final long DELETE_GRACE_MILLIS = 3_000;
  private final java.util.Map<String, Long> deletionsSeen = new java.util.HashMap<>();
  private long nextDeletionDue = Long.MAX_VALUE;

  /**
   * Own-write entries forgotten at once that make a heap trim worth it: 100k of them are about 14 MB of
   * old generation (an estimate of the objects) that a quiet daemon would otherwise keep until its next burst.
   */
  private static final int RELEASE_WORTH_TRIMMING = 1024;

  /** How often the engine looks whether the folder's first scan is done (the scan does not tell it). */
  private static final long FIRST_SCAN_POLL_MILLIS = 100;

  /** How often the versions area is cleaned by the folder's scheme. */
  private static final long CLEAN_EVERY_MILLIS = 3_600_000;
  private final Versioner versioner;
  private long lastClean;

  public FolderSync(FolderConfig folder, FolderIndex index, EngineContext ctx, Versioner versioner) {
    this.versioner = versioner;
    Archiver archiver = versioner::archive;
    this.folder = folder;
    this.index = index;
    this.ctx = ctx;
    this.guard = new FolderGuard(folder, ctx.stateDir());
    this.own = new OwnWrites(Path.of(folder.path()));
    this.tracker = new NeedTracker(new View(), folder.type(), ctx.self());
    this.puller = new FolderPuller(index, ctx.index(), ctx.roots(), Path.of(folder.path()), ctx.self().shortId(),
        ctx.clock(), ctx.fetch(), archiver, new Effects(), (applied, seq) -> ctx.synced().accept(folder.id(), seq),
        FolderPuller.Options.DEFAULT);
    this.thread = new Thread(this::loop, "chorus-sync-" + folder.id());
    this.thread.setDaemon(true);
  }

  public FolderConfig folder() {
    return folder;
  }

  public FolderGuard guard() {
    return guard;
  }

  public OwnWrites ownWrites() {
    return own;
  }

  /** The cluster's version of a path if this device needs it (for the scanner: equal content is adopted). */
  public FileRecord globalOf(String path) {
    NeedTracker.Item item = tracker.get(path);
    return item == null ? null : item.resolution().target();
  }

  public void start() {
    try {
      guard.ensureMarker();
    } catch (java.io.IOException e) {
      log.warn("folder {}: cannot write its marker: {}", folder.id(), e.getMessage());
    }
    index.addListener(indexListener);
    thread.start();
  }

  /** A peer's records were stored (or, with {@code replace}, its whole index was). */
  public void peerStored(Collection<FileRecord> records, boolean replace) {
    synchronized (dirty) {
      if (replace) {
        resetAll = true;
      }
      for (FileRecord r : records) {
        dirty.add(r.path());
      }
    }
    tracker.poke();
  }

  /**
   * Decide every path again: what we held of a peer was forgotten, or the ignore patterns changed (a path
   * now ignored is no longer needed, one no longer ignored is).
   */
  public void decideAllAgain() {
    synchronized (dirty) {
      resetAll = true;
    }
    tracker.poke();
  }

  private void localApplied(List<FolderIndex.Applied> applied) {
    List<String> settled = new ArrayList<>();
    synchronized (dirty) {
      for (FolderIndex.Applied a : applied) {
        if (a.stored() != null && !a.origin().isLocal()) {
          settled.add(a.path()); // the puller applied a peer's version: this device holds it now
        } else {
          dirty.add(a.path()); // a scan's change (or one refused): what peers lack and we need changes
        }
      }
    }
    settled.forEach(tracker::settled);
    tracker.poke();
  }

  /** A peer connected or the user asked: failed paths are tried again now. */
  public void retryNow() {
    failures.retryNow();
    tracker.poke();
  }

  private void loop() {
    while (!closed) {
      try {
        long seen = tracker.version();
        ignores = ctx.ignores().apply(folder.id()); // once a round: the need asks it of every path it decides
        refreshNeed();
        String stop = guard.pullStop();
        if (stop != null) {
          if (state != State.STOPPED || !stop.equals(stopReason)) {
            log.warn("folder {} stopped: {}", folder.id(), stop);
          }
          stopReason = stop;
          state = State.STOPPED;
          tracker.awaitChange(seen, 5_000);
          continue;
        }
        stopReason = null;
        if (!ctx.scanned().test(folder.id())) {
          // Until the first scan has seen the disk, a file there may be missing from the index: pulling it
          // fails (the disk is not what the index says) and queues a rescan, and on a pre-seeded folder
          // every such round competes with the scan's hashing. Syncthing waits for its initial scan too.
          state = State.STARTING;
          tracker.awaitChange(seen, FIRST_SCAN_POLL_MILLIS);
          continue;
        }
        List<NeedTracker.Item> work = folder.type() == FolderType.SEND_ONLY ? List.of() : runnable();
        if (work.isEmpty()) {
          boolean needs = tracker.counts().any();
          if (state != State.IDLE && !needs) {
            cleanTemps(); // nothing left to resume: temp files of versions no longer wanted go
          }
          cleanVersions();
          if (own.forgetExpired() >= RELEASE_WORTH_TRIMMING) {
            ctx.released().run();
          }
          // Needing something that cannot be pulled now (failures waiting, no peer, a send-only folder) is
          // not "idle": the status says out of sync, and lists why.
          state = needs ? State.OUT_OF_SYNC : State.IDLE;
          long due = Math.min(failures.nextRetry(), nextDeletionDue);
          nextDeletionDue = Long.MAX_VALUE;
          long wait = Math.max(50, Math.min(60_000, due - System.currentTimeMillis()));
          tracker.awaitChange(seen, wait);
          continue;
        }
        state = State.SYNCING;
        pull(work);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("folder {}: sync round failed: {}", folder.id(), e.toString(), e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void cleanVersions() {
    long now = System.currentTimeMillis();
    if (now - lastClean < CLEAN_EVERY_MILLIS) {
      return;
    }
    lastClean = now;
    try {
      versioner.clean();
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("folder {}: cleaning the versions area failed: {}", folder.id(), e.getMessage());
    }
  }

  private void cleanTemps() {
    try {
      int n = FolderPuller.removeStaleTemps(Path.of(folder.path()), java.util.Set.of());
      if (n > 0) {
        log.info("folder {}: removed {} temp file(s) of pulls no longer needed", folder.id(), n);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      log.debug("folder {}: temp clean-up: {}", folder.id(), e.toString());
    }
  }

  /** Re-decides the paths changed since the last round (all of them after a reset). */
  private void refreshNeed() {
    boolean all;
    List<String> paths;
    synchronized (dirty) {
      all = resetAll;
      resetAll = false;
      paths = new ArrayList<>(dirty);
      dirty.clear();
    }
    if (all) {
      Set<String> every = new HashSet<>();
      for (DeviceId peer : folder.sharedWith()) {
        index.forEachPeer(peer, r -> {
          every.add(r.path());
          return true; // a visitor returning false stops the walk: add() is false for a path seen already
        });
      }
      index.forEach("", r -> {
        every.add(r.path()); // paths only we have: what each peer's copy lacks
        return true;
      });
      tracker.reset(every);
    } else if (!paths.isEmpty()) {
      tracker.update(paths);
    }
  }

  /**
   * The needed paths not waiting for a retry, in the order they are best applied. A file's deletion waits
   * {@link #DELETE_GRACE_MILLIS} after it is first seen: a rename or move arrives as a deletion and an
   * addition, often in separate updates (the sender records the deletion at once and the new name after
   * hashing it), and deleting first would throw away the chunks the new name is built from.
   */
  private List<NeedTracker.Item> runnable() {
    long now = System.currentTimeMillis();
    List<NeedTracker.PendingPath> all = tracker.pending();
    Set<String> needed = new HashSet<>();
    List<NeedTracker.PendingPath> out = new ArrayList<>();
    for (NeedTracker.PendingPath item : all) {
      needed.add(item.path());
      if (failures.waiting(item.path(), now)) {
        continue;
      }
      if (item.pending().removesFile()) {
        long first = deletionsSeen.computeIfAbsent(item.path(), p -> now);
        if (now - first < DELETE_GRACE_MILLIS) {
          nextDeletionDue = Math.min(nextDeletionDue, first + DELETE_GRACE_MILLIS);
          continue;
        }
      }
      out.add(item);
    }
    deletionsSeen.keySet().retainAll(needed);
    failures.retainOnly(needed);
    List<NeedTracker.PendingPath> batch = firstInOrder(out, NeedTracker.PendingPath::path, ctx.priority(), folder.id(),
        BATCH);
    long bytes = 0;
    List<NeedTracker.Item> work = new ArrayList<>(batch.size());
    for (NeedTracker.PendingPath p : batch) {
      if (work.size() == BATCH || (!work.isEmpty() && bytes >= batchBytes)) {
        break;
      }
      NeedTracker.Item item = tracker.get(p.path()); // the full decision, from the index as it is now
      if (item != null) {
        FileRecord t = item.resolution().target();
        // An adoption moves no bytes (the content is here already): a pre-seeded 3 GB tree is one batch.
        bytes += t.deleted() || item.resolution().action() == Resolution.Action.ADOPT ? 0 : t.size();
        work.add(item);
      }
    }
    return work;
  }

  /**
   * The first {@code limit} items in the order they are best applied: files the catalog lists and this
   * host lacks first (a song row came before its file), then path order. Each item's urgency is asked
   * once, and only the batch is sorted: sorting a 100,000-file backlog with a comparator that asked for
   * urgency in every comparison, once per batch, was the receiver's hottest code in a small-file pull.
   */
  static <T> List<T> firstInOrder(List<T> items, java.util.function.Function<T, String> pathOf,
      chorus.core.port.PullPriority priority, chorus.core.id.FolderId folderId, int limit) {
    Comparator<T> byPath = Comparator.comparing(pathOf);
    List<T> urgent = new ArrayList<>();
    // The `limit` smallest paths among the rest: a max-heap of that size, its largest on top.
    java.util.PriorityQueue<T> rest = new java.util.PriorityQueue<>(limit + 1, byPath.reversed());
    for (T item : items) {
      if (priority.urgent(folderId, pathOf.apply(item))) {
        urgent.add(item);
      } else if (rest.size() < limit) {
        rest.add(item);
      } else if (byPath.compare(item, rest.peek()) < 0) {
        rest.poll();
        rest.add(item);
      }
    }
    urgent.sort(byPath);
    List<T> out = new ArrayList<>(Math.min(limit, urgent.size() + rest.size()));
    out.addAll(urgent.subList(0, Math.min(limit, urgent.size())));
    List<T> others = new ArrayList<>(rest);
    others.sort(byPath);
    out.addAll(others.subList(0, Math.min(limit - out.size(), others.size())));
    return out;
  }

  private void pull(List<NeedTracker.Item> work) throws InterruptedException {
    List<PullTask> tasks = new ArrayList<>(work.size());
    long bytes = 0;
    for (NeedTracker.Item item : work) {
      Resolution r = item.resolution();
      DeviceId origin = r.sources().isEmpty() ? ctx.self() : r.sources().get(0);
      tasks.add(new PullTask(item.path(), r, item.ours(), origin));
      if (!r.target().deleted() && r.action() != Resolution.Action.ADOPT) { // an adoption writes nothing
        bytes += r.target().size();
      }
    }
    if (guard.wouldFill(bytes)) {
      // Not all of it fits above the threshold: pull a file at a time so the guard stops us in time.
      tasks = tasks.subList(0, 1);
    }
    long now = System.currentTimeMillis();
    long[] before = puller.bytesMoved();
    long started = System.nanoTime();
    List<PullOutcome> outcomes = puller.apply(tasks);
    long[] after = puller.bytesMoved();
    long ok = outcomes.stream().filter(PullOutcome::ok).count();
    log.info("folder {}: applied {} of {} path(s) in {} ms ({} MB fetched, {} MB copied)", folder.id(), ok,
        tasks.size(), (System.nanoTime() - started) / 1_000_000, (after[0] - before[0]) >> 20, (after[1] - before[1]) >> 20);
    for (PullOutcome o : outcomes) {
      if (o.ok()) {
        failures.succeeded(o.path());
      } else {
        failures.failed(o.path(), o.failure().getMessage(), o.failure().retry(), now);
        log.debug("folder {}: {}: {}", folder.id(), o.path(), o.failure().getMessage());
      }
    }
    long[] moved = puller.bytesMoved();
    rate.sample(moved[0] + moved[1]);
  }

  /** A snapshot for {@code chorus status} and the API. */
  public SyncStatus status() {
    NeedTracker.Counts c = tracker.counts();
    long[] moved = puller.bytesMoved();
    List<SyncStatus.Failed> failed = new ArrayList<>();
    for (Failures.Failure f : failures.list(100)) {
      failed.add(new SyncStatus.Failed(f.path(), f.reason(), f.attempts()));
    }
    java.util.Map<DeviceId, NeedTracker.Counts> peers = new java.util.LinkedHashMap<>();
    for (DeviceId peer : folder.sharedWith()) {
      peers.put(peer, tracker.peerLacks(peer));
    }
    return new SyncStatus(state, stopReason, c.files(), c.directories(), c.bytes(), failures.size(), failed,
        moved[0], moved[1], rate.bytesPerSecond(moved[0] + moved[1]), peers);
  }

  /** Send-only: makes this device's state the cluster's (every differing path gets a version of ours). */
  public int override() {
    return new OneWaySettle(index, tracker, ctx).overrideAll();
  }

  /** Receive-only: undoes local changes; local additions are kept in the versions area. */
  public int revert(Archiver keep) {
    return new OneWaySettle(index, tracker, ctx).revertAll(keep, folder);
  }

  @Override
  public void close() {
    closed = true;
    index.removeListener(indexListener);
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    puller.close();
  }

  /** The records decisions are made from: ours and those of every device the folder is shared with. */
  private final class View implements NeedTracker.View {
    @Override
    public FileRecord local(String path) {
      return index.get(path).orElse(null);
    }

    @Override
    public List<DeviceId> peers() {
      return folder.sharedWith();
    }

    /**
     * What peers announce for a path, none for a path this folder's ignore patterns exclude: such a path is
     * then needed by no one here, so it is neither pulled nor deleted (a user's ignored file stays as it
     * is), and it is not counted as needed.
     */
    @Override
    public List<Announced> announced(String path) {
      if (ignores.isIgnored(path, false)) { // a path below an ignored directory is ignored too
        return List.of();
      }
      List<Announced> out = new ArrayList<>(folder.sharedWith().size());
      for (DeviceId peer : folder.sharedWith()) {
        index.getPeer(peer, path).ifPresent(r -> out.add(new Announced(peer, r)));
      }
      return out;
    }
  }

  private final class Effects implements FolderPuller.PathEffects {
    @Override
    public void wrote(String path, FileRecord expected) {
      own.wrote(path, expected);
    }

    @Override
    public void changedUnderUs(String path) {
      ctx.rescan().accept(folder.id(), path);
    }
  }
}
