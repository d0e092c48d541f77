package chorus.core.sync;

import chorus.core.config.FolderType;
import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this device needs of one folder, kept up to date path by path: each IndexUpdate stored and each
 * local change re-decides only the paths it touched ({@link GlobalVersion}), so neither the puller's queue
 * nor {@code chorus status} walks the folder. Memory is proportional to the paths needed, not the folder:
 * per needed path only what the counts and the batching use ({@link Pending}, a few dozen bytes); the full
 * decision, with the records it names, is made again from the index when the path is pulled ({@link
 * #get}). A first sync of 100,000 files had kept 100,000 peer records on the heap (about 60 MB by an estimate of
 * the objects; the receiver's peak RSS fell from 284 to 264 MiB in {@code bench/memory-bench.sh}).
 *
 * <p>Thread-safe: the exchange, the scanner's writer and the puller report changes from their threads.
 */
public final class NeedTracker {
  /** The records the decision is made from. */
  public interface View {
    /** This device's record of the path, or null. */
    FileRecord local(String path);

    /** The path as every device the folder is shared with announced it. */
    List<Announced> announced(String path);

    /** The devices the folder is shared with (whose copies' completion is tracked). */
    default List<DeviceId> peers() {
      return List.of();
    }
  }

  /** One needed path and what to do about it. */
  public record Item(String path, FileRecord ours, Resolution resolution) {}

  /**
   * What is kept of a needed path between decisions.
   *
   * @param size the target's size if it is a live file (the bytes a batch moves), else 0
   * @param directory the target is a live directory (counted apart from files)
   * @param removesFile the target deletes a non-empty file this device has (such deletions wait a little:
   *     a rename's new name may still be on its way)
   * @param fetches the file's data must be fetched or copied (its size counts in the needed bytes)
   */
  public record Pending(long size, boolean directory, boolean removesFile, boolean fetches) {
    static Pending of(FileRecord ours, Resolution r) {
      FileRecord t = r.target();
      boolean liveFile = !t.deleted() && t.type() == FileType.FILE;
      boolean removesFile = t.deleted() && ours != null && !ours.deleted() && ours.type() == FileType.FILE
          && ours.size() > 0;
      return new Pending(liveFile ? t.size() : 0, t.type() == FileType.DIRECTORY && !t.deleted(), removesFile,
          liveFile && r.action() == Resolution.Action.APPLY);
    }
  }

  /** A needed path with what is kept of it. */
  public record PendingPath(String path, Pending pending) {}

  private final View view;
  private final DeviceId self;
  private volatile FolderType type;
  /** Replaced, not cleared, once drained: a hash table keeps the array a first sync grew it to. */
  private Map<String, Pending> needed = new HashMap<>();
  /** Per peer, the paths ({@link HashedSizes#pathKey}) whose cluster version it lacks, with their bytes. */
  private final Map<DeviceId, HashedSizes> peerLacks = new HashMap<>();
  private long files;
  private long directories;
  private long bytes;
  private long version;

  public NeedTracker(View view, FolderType type, DeviceId self) {
    this.view = view;
    this.type = type;
    this.self = self;
  }

  public FolderType type() {
    return type;
  }

  /** Re-decides every path after a change of the folder's type. */
  public void setType(FolderType newType, Collection<String> allPaths) {
    this.type = newType;
    update(allPaths);
  }

  /** Re-decides these paths (each reads this device's record and every peer's). */
  public void update(Collection<String> paths) {
    List<DeviceId> peers = view.peers();
    for (String p : paths) {
      FileRecord ours = view.local(p);
      List<Announced> announced = view.announced(p);
      GlobalVersion.Decision d = GlobalVersion.decide(ours, announced, type, self);
      Resolution r = d.resolution();
      FileRecord global = d.global();
      synchronized (this) {
        for (DeviceId peer : peers) {
          trackPeer(peer, p, global, announced);
        }
        Pending now = r.needed() ? Pending.of(ours, r) : null;
        Pending old = now != null ? needed.put(p, now) : needed.remove(p);
        if (old != null) {
          count(old, -1);
          if (needed.isEmpty()) {
            needed = new HashMap<>();
          }
        }
        if (now != null) {
          count(now, 1);
        }
        version++;
        notifyAll();
      }
    }
  }

  /**
   * This device now holds the cluster's version of {@code path}: the puller committed the version it was
   * asked to apply. Nothing is read or decided again (a small-file pull would otherwise read every path's
   * records twice more); the cluster's version and every peer's copy are as they were. A peer's record
   * stored meanwhile has queued its own {@link #update}, which decides the path again after this.
   */
  public synchronized void settled(String path) {
    Pending old = needed.remove(path);
    if (old == null) {
      return;
    }
    count(old, -1);
    if (needed.isEmpty()) {
      needed = new HashMap<>();
    }
    version++;
    notifyAll();
  }

  /** Forgets everything and decides these paths afresh (a peer's whole index was replaced, say). */
  public void reset(Collection<String> paths) {
    synchronized (this) {
      needed = new HashMap<>();
      peerLacks.clear();
      files = 0;
      directories = 0;
      bytes = 0;
    }
    update(paths);
  }

  private void count(Pending p, int sign) {
    if (p.directory()) {
      directories += sign;
    } else {
      files += sign;
    }
    if (p.fetches()) {
      bytes += sign * p.size();
    }
  }

  /** Notes whether {@code peer} holds the cluster's version of {@code path} (same data, or both gone). */
  private void trackPeer(DeviceId peer, String path, FileRecord global, List<Announced> announced) {
    FileRecord theirs = null;
    for (Announced a : announced) {
      if (a.device().equals(peer)) {
        theirs = a.record();
      }
    }
    boolean holds = global == null || (global.deleted() ? theirs == null || theirs.deleted()
        : theirs != null && GlobalVersion.sameData(theirs, global));
    HashedSizes lacks = peerLacks.computeIfAbsent(peer, k -> new HashedSizes());
    long key = HashedSizes.pathKey(path);
    if (holds) {
      lacks.remove(key);
    } else {
      lacks.put(key, global.deleted() || global.type() != FileType.FILE ? 0L : global.size());
    }
  }

  /** What {@code peer} still lacks of the cluster's version of the folder: paths and bytes. */
  public synchronized Counts peerLacks(DeviceId peer) {
    HashedSizes lacks = peerLacks.get(peer);
    return lacks == null ? new Counts(0, 0, 0) : new Counts(lacks.size(), 0, lacks.total());
  }

  /** The paths needed now, in no particular order, with what is kept of each. */
  public synchronized List<PendingPath> pending() {
    List<PendingPath> out = new ArrayList<>(needed.size());
    needed.forEach((path, p) -> out.add(new PendingPath(path, p)));
    return out;
  }

  /** Every needed path decided afresh, with its records (reads the index: for commands, not for loops). */
  public List<Item> needed() {
    List<Item> out = new ArrayList<>();
    for (PendingPath p : pending()) {
      Item item = get(p.path());
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /**
   * The path decided afresh from the index if it is needed, else null. A decision that differs from what
   * was kept (a record stored since, whose re-decision is still queued) is the newer one; the kept entry
   * follows on that re-decision.
   */
  public Item get(String path) {
    synchronized (this) {
      if (!needed.containsKey(path)) {
        return null;
      }
    }
    FileRecord ours = view.local(path);
    GlobalVersion.Decision d = GlobalVersion.decide(ours, view.announced(path), type, self);
    return d.resolution().needed() ? new Item(path, ours, d.resolution()) : null;
  }

  /**
   * What is needed: files (and symlinks and deletions) as users count them, directories apart, and the
   * bytes of the files' content.
   */
  public synchronized Counts counts() {
    return new Counts(files, directories, bytes);
  }

  /** Need counts; bytes are those of files whose data must be fetched or copied. */
  public record Counts(long files, long directories, long bytes) {
    public boolean any() {
      return files > 0 || directories > 0;
    }
  }

  /** A number that changes whenever the need may have changed. */
  public synchronized long version() {
    return version;
  }

  /** Waits until the need changes after {@code seen}, or {@code millis} pass. */
  public synchronized void awaitChange(long seen, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (version == seen) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  /** Wakes whoever waits in {@link #awaitChange} (a peer connected: failed items may now succeed). */
  public synchronized void poke() {
    version++;
    notifyAll();
  }
}
