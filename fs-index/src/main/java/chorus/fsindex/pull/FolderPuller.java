package chorus.fsindex.pull;

import chorus.core.feed.ChangeOrigin;
import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import chorus.core.port.ChunkFetch;
import chorus.core.sync.Resolution;
import chorus.fsindex.scan.InternalFiles;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ObjLongConsumer;

/**
 * Applies the cluster's versions to one folder: directories first (parents before children), then files
 * and symlinks, many at once, then deletions, deepest first (so that a moved file's chunks are still on
 * disk to copy from while its new copy is assembled).
 *
 * <p>Durability in groups: each file is forced to disk before its rename; the results are recorded in
 * groups, each after the directories it touched are synced, in one index write made durable at once. A
 * file is never recorded as present before its bytes and its name are on disk, and 100k small files cost
 * a few hundred index commits, not 100k.
 */
public final class FolderPuller implements AutoCloseable {
  /** For the paths that assemble nothing (directories, adoptions, deletions). */
  private static final Predicate<ChunkHash> NOTHING_HELD = h -> false;

  /** Told what was committed, once it is durable: the exchange announces it, the need is updated. */
  public interface Listener {
    void committed(List<FolderIndex.Applied> applied, long lastSequence);
  }

  /**
   * @param workers files assembled at once (each waits on its chunks; small files need many in flight)
   * @param budgetBytes chunk bytes in flight or in memory at once, over all files
   * @param groupSize results recorded per index commit, at most
   */
  public record Options(int workers, int budgetBytes, int groupSize) {
    public static final Options DEFAULT = new Options(32, 64 << 20, 512);
  }

  private final FolderIndex index;
  private final SafeFolder folder;
  private final PathApplier applier;
  private final LocalChunks localChunks;
  private final FileAssembler assembler;
  private final Listener listener;
  private final Options options;
  private final ExecutorService workers;
  private final FileAssembler.Counters counters = new FileAssembler.Counters();
  private final StagingBuffers staging;

  public FolderPuller(FolderIndex index, RocksIndex all, Function<FolderId, Path> roots, Path root, ShortId me,
      Clock clock, ChunkFetch fetch, Archiver archiver, PathEffects effects, Listener listener, Options options) {
    this.index = index;
    this.folder = new SafeFolder(root);
    this.applier = new PathApplier(folder, me, clock, archiver, effects);
    this.localChunks = new LocalChunks(all, roots);
    this.staging = StagingBuffers.forFolder(root, options.workers());
    this.assembler = new FileAssembler(index.id(), localChunks, fetch,
        new Semaphore(Math.max(1, options.budgetBytes() / 1024)), counters, staging);
    this.listener = listener;
    this.options = options;
    this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
      Thread t = new Thread(r, "chorus-pull-" + index.id());
      t.setDaemon(true);
      return t;
    });
  }

  /** What the engine did to the disk, for the folder's watcher (see {@link PathApplier.Effects}). */
  public interface PathEffects extends PathApplier.Effects {}

  /** Bytes fetched from peers, copied from local files, and found already written (resumed). */
  public long[] bytesMoved() {
    return new long[] {counters.fetched.sum(), counters.copied.sum(), counters.resumed.sum()};
  }

  /** Applies the tasks; returns one outcome per task. Interrupting stops it; what was committed stays. */
  public List<PullOutcome> apply(List<PullTask> tasks) throws InterruptedException {
    Map<String, PullOutcome> outcomes = new ConcurrentHashMap<>();
    List<PullTask> valid = new ArrayList<>();
    for (PullTask t : tasks) {
      String problem = problem(t.target());
      if (problem != null) {
        outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure("refused: " + problem, false)));
      } else {
        valid.add(t);
      }
    }
    List<PullTask> first = new ArrayList<>();
    List<PullTask> parallel = new ArrayList<>();
    List<PullTask> deletions = new ArrayList<>();
    for (PullTask t : valid) {
      Resolution r = t.resolution();
      if (r.action() == Resolution.Action.ADOPT || (!r.target().deleted() && r.target().type() == FileType.DIRECTORY)) {
        first.add(t);
      } else if (r.target().deleted()) {
        deletions.add(t);
      } else {
        parallel.add(t);
      }
    }
    first.sort(Comparator.comparing(PullTask::path));
    deletions.sort(Comparator.comparing(PullTask::path).reversed()); // children before their directory

    LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    for (PullTask t : first) {
      run(t, done, outcomes, NOTHING_HELD);
    }
    commitWhileRunning(done, outcomes, List.of());
    Set<ChunkHash> held = heldLocally(parallel);
    List<Future<?>> running = new ArrayList<>();
    for (PullTask t : parallel) {
      running.add(workers.submit(() -> run(t, done, outcomes, held::contains)));
    }
    commitWhileRunning(done, outcomes, running);
    staging.trim();
    for (PullTask t : deletions) {
      run(t, done, outcomes, NOTHING_HELD);
    }
    commitWhileRunning(done, outcomes, List.of());
    List<PullOutcome> out = new ArrayList<>(tasks.size());
    for (PullTask t : tasks) {
      out.add(outcomes.getOrDefault(t.path(),
          new PullOutcome(t.path(), null, new PullFailure("not committed (interrupted)", true))));
    }
    return out;
  }

  /** The chunks of the files to assemble that this device holds somewhere, found in one pass. */
  private Set<ChunkHash> heldLocally(List<PullTask> tasks) {
    List<ChunkHash> hashes = new ArrayList<>();
    for (PullTask t : tasks) {
      if (!t.target().deleted() && t.target().type() == FileType.FILE) {
        for (ChunkRef c : t.target().chunks()) {
          hashes.add(c.hash());
        }
      }
    }
    return localChunks.held(hashes);
  }

  /**
   * Applies one path on disk; its result waits in {@code done} to be recorded. {@code mayHold} tells which
   * of a file's chunks are worth looking for locally.
   */
  private void run(PullTask t, LinkedBlockingQueue<Done> done, Map<String, PullOutcome> outcomes,
      Predicate<ChunkHash> mayHold) {
    try {
      FileRecord target = t.target();
      if (t.resolution().action() == Resolution.Action.APPLY && !target.deleted() && target.type() == FileType.FILE) {
        // Placed by the group commit once durable, with its conflict copy made there too. The disk is
        // checked against the index there, just before the rename: a check here as well would cost every
        // new file a walk of its parents and a failed lstat, and protect nothing the later one does not.
        done.add(new Done(null, t.observed(), ChangeOrigin.fromPeer(t.origin()), t, assemble(t, mayHold)));
        return;
      }
      applier.requireUnchanged(t);
      if (t.resolution().keepLocalAsConflict()) {
        done.add(applier.keepConflictCopy(t));
      }
      FileRecord record;
      if (t.resolution().action() == Resolution.Action.ADOPT) {
        record = applier.adopt(t);
      } else if (target.deleted()) {
        record = applier.delete(t);
      } else {
        record = target.type() == FileType.DIRECTORY ? applier.makeDirectory(t) : applier.makeSymlink(t);
      }
      done.add(new Done(record, t.observed(), ChangeOrigin.fromPeer(t.origin()), t));
    } catch (PullFailure f) {
      outcomes.put(t.path(), new PullOutcome(t.path(), null, f));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure("interrupted", true)));
    } catch (UnsafePathException e) {
      outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure(describe(e), false, e)));
    } catch (IOException | RuntimeException e) {
      outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure(describe(e), true, e)));
    }
  }

  private Path assemble(PullTask t, Predicate<ChunkHash> mayHold) throws IOException, PullFailure,
      InterruptedException {
    Path temp = folder.file(TempName.of(t.path(), t.target().contentHash()), true);
    assembler.assemble(temp, t.target(), t.resolution().sources(), mayHold);
    return temp;
  }

  /**
   * Puts the group's assembled files in place: their data made durable together first, then, for each,
   * the disk checked once more (a user's change since the pull began wins), the losing local version kept
   * as a conflict copy if it lost one, and the atomic rename. Returns the group with every file's record
   * (failed files are left out, with their outcome set).
   */
  private List<Done> placeFiles(List<Done> group, Map<String, PullOutcome> outcomes) {
    List<Path> temps = new ArrayList<>();
    for (Done d : group) {
      if (d.temp() != null) {
        temps.add(d.temp());
      }
    }
    if (temps.isEmpty()) {
      return group;
    }
    List<Done> placed = new ArrayList<>(group.size());
    try {
      Durability.syncAll(folder.root(), temps);
    } catch (IOException e) {
      for (Done d : group) {
        if (d.temp() != null) {
          outcomes.put(d.task().path(), new PullOutcome(d.task().path(), null,
              new PullFailure("cannot make the file durable: " + describe(e), true, e)));
        } else {
          placed.add(d);
        }
      }
      return placed;
    }
    for (Done d : group) {
      if (d.temp() == null) {
        placed.add(d);
        continue;
      }
      PullTask t = d.task();
      try {
        applier.requireUnchanged(t);
        if (t.resolution().keepLocalAsConflict()) {
          placed.add(applier.keepConflictCopy(t));
        }
        placed.add(new Done(applier.placeFile(t, d.temp()), d.observed(), d.origin(), t));
      } catch (PullFailure f) {
        outcomes.put(t.path(), new PullOutcome(t.path(), null, f));
      } catch (UnsafePathException e) {
        outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure(describe(e), false, e)));
      } catch (IOException | RuntimeException e) {
        outcomes.put(t.path(), new PullOutcome(t.path(), null, new PullFailure(describe(e), true, e)));
      }
    }
    return placed;
  }

  /** Records results in groups while tasks run, and the rest once they are all done. */
  private void commitWhileRunning(LinkedBlockingQueue<Done> done, Map<String, PullOutcome> outcomes,
      List<Future<?>> running) throws InterruptedException {
    List<Done> group = new ArrayList<>();
    int next = 0;
    while (true) {
      while (next < running.size() && running.get(next).isDone()) {
        next++;
      }
      boolean allDone = next >= running.size();
      Done d = allDone ? done.poll() : done.poll(20, TimeUnit.MILLISECONDS);
      if (d != null) {
        group.add(d);
        done.drainTo(group, options.groupSize() - group.size());
      }
      if (group.size() >= options.groupSize() || (d == null && !group.isEmpty())) {
        commit(group, outcomes);
        group.clear();
      }
      if (allDone && d == null && done.isEmpty()) {
        return;
      }
    }
  }

  private void commit(List<Done> assembled, Map<String, PullOutcome> outcomes) {
    List<Done> group = placeFiles(assembled, outcomes);
    if (group.isEmpty()) {
      return;
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (Done d : group) {
      try {
        dirs.add(folder.directory(RelativePath.parent(d.record().path()), false));
      } catch (IOException e) {
        // the directory went meanwhile: nothing there to make durable
      }
    }
    // The renames durable: one syncfs for the group where it works, else each directory synced.
    if (dirs.size() < 4 || !Durability.syncFileSystem(folder.root())) {
      for (Path dir : dirs) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
          ch.force(true);
        } catch (IOException e) {
          // a directory that cannot be synced leaves its renames to the file system's own schedule
        }
      }
    }
    List<FolderIndex.Change> changes = new ArrayList<>(group.size());
    for (Done d : group) {
      long seen = d.observed() == null ? -1 : d.observed().sequence();
      FileRecord record = d.record();
      changes.add(new FolderIndex.Change(record.path(),
          old -> (old == null ? -1 : old.sequence()) == seen ? record : null, d.origin()));
    }
    List<FolderIndex.Applied> applied;
    try {
      applied = index.updateAll(changes);
      index.sync();
    } catch (RuntimeException e) {
      for (Done d : group) {
        if (d.task() != null && d.origin().peer() != null) {
          outcomes.put(d.task().path(), new PullOutcome(d.task().path(), null,
              new PullFailure("the index could not record it: " + e.getMessage(), true, e)));
        }
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      Done d = group.get(i);
      FolderIndex.Applied a = applied.get(i);
      if (d.origin().isLocal()) {
        continue; // a conflict copy: its task's outcome is that of the winner placed after it
      }
      outcomes.put(d.task().path(), a.stored() == null
          ? new PullOutcome(d.task().path(), null,
              new PullFailure("changed locally while it was applied; it is decided again", true))
          : new PullOutcome(d.task().path(), a.stored(), null));
    }
    listener.committed(applied, index.lastSequence());
  }

  /**
   * The record checks that must hold before anything touches the disk (the index exchange checked them
   * once; this is the last line). A record failing them is refused, and the rest of the folder proceeds.
   */
  static String problem(FileRecord r) {
    return chorus.core.sync.PeerRecordCheck.problem(r);
  }

  private static String describe(Throwable e) {
    if (String.valueOf(e.getMessage()).contains("No space left")) {
      return "no space left on the disk";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof UnsafePathException) {
      return "refused: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes temp files that no pending pull will resume (called when the folder has nothing to pull). */
  public static int removeStaleTemps(Path root, Set<String> keep) throws IOException {
    int[] removed = {0};
    try (var walk = Files.walk(root)) {
      walk.filter(p -> !p.startsWith(root.resolve(InternalFiles.VERSIONS_DIR)))
          .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(InternalFiles.TEMP_PREFIX))
          .filter(p -> !keep.contains(root.relativize(p).toString()))
          .forEach(p -> {
            try {
              if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                removed[0]++;
              }
            } catch (IOException e) {
              // left for the next clean-up
            }
          });
    }
    return removed[0];
  }
}
