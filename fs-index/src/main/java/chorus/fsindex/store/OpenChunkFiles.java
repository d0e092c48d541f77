package chorus.fsindex.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The files a chunk source keeps open while it serves their chunks. A peer pulling a file asks for its
 * chunks one after the other, and opening the file, resolving its real path and stat-ing it for every
 * 128 KiB chunk cost the serving side more than the read itself. A handle remembers the {@code lstat}
 * taken just before the file was opened; a read through it is trusted only while the path's {@code lstat}
 * after the read still equals that one (the caller checks), so a handle proves no more than a fresh open
 * would.
 *
 * <p>At most {@code capacity} handles are kept, least recently used first out; a handle unused for
 * {@code idleNanos} is closed by a sweep that runs on {@code sweeper} while any are open, so a deleted
 * file's space is not held. A handle is closed only once no reader uses it. Thread-safe: the disk threads
 * share one instance; positional reads on one channel may run at once.
 */
final class OpenChunkFiles {
  /** An open file; {@code opened} is its {@code lstat} taken just before it was opened. */
  static final class Handle {
    private final Path file;
    private final FileChannel channel;
    private final FileStat opened;
    private int users;
    private boolean retired;
    private long lastUsed;

    private Handle(Path file, FileChannel channel, FileStat opened) {
      this.file = file;
      this.channel = channel;
      this.opened = opened;
    }

    FileChannel channel() {
      return channel;
    }

    FileStat opened() {
      return opened;
    }
  }

  private final int capacity;
  private final long idleNanos;
  private final LongSupplier nanoClock;
  private final Executor sweeper;
  /** Guarded by {@code this}; access order: the eldest is the least recently used. */
  private final LinkedHashMap<Path, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
  private boolean sweepScheduled;

  /**
   * @param sweeper runs the idle sweep; it is handed a task only while handles are open, and the task
   *     should run about {@code idleNanos} later (e.g. {@code CompletableFuture.delayedExecutor})
   */
  OpenChunkFiles(int capacity, long idleNanos, LongSupplier nanoClock, Executor sweeper) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.idleNanos = idleNanos;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
  }

  /** The open handle of {@code file}, or null; a handle returned must be given back to {@link #release}. */
  synchronized Handle acquire(Path file) {
    Handle h = open.get(file);
    if (h != null) {
      h.users++;
    }
    return h;
  }

  /**
   * Keeps a file the caller has just opened, after {@code opened} was taken; returns its handle, acquired.
   * If another reader added one for the same path meanwhile, the caller's channel is kept as its own,
   * unshared handle, closed on release.
   */
  Handle add(Path file, FileChannel channel, FileStat opened) {
    Handle fresh = new Handle(file, channel, opened);
    fresh.users = 1;
    List<Handle> toClose = new ArrayList<>();
    synchronized (this) {
      if (open.containsKey(file)) {
        fresh.retired = true;
        return fresh;
      }
      open.put(file, fresh);
      while (open.size() > capacity) {
        Iterator<Handle> eldest = open.values().iterator();
        Handle out = eldest.next();
        eldest.remove();
        out.retired = true;
        if (out.users == 0) {
          toClose.add(out);
        }
      }
      scheduleSweep();
    }
    closeAll(toClose);
    return fresh;
  }

  /** Gives a handle back; a retired one is closed once its last reader is done. */
  void release(Handle h) {
    boolean close;
    synchronized (this) {
      h.users--;
      h.lastUsed = nanoClock.getAsLong();
      close = h.retired && h.users == 0;
    }
    if (close) {
      closeAll(List.of(h));
    }
  }

  /** The file is not what the handle was opened on any more: no reader gets it again. */
  synchronized void retire(Handle h) {
    if (!h.retired) {
      h.retired = true;
      open.remove(h.file, h);
    }
  }

  /** Handles now open, for tests. */
  synchronized int size() {
    return open.size();
  }

  /** Closes the handles unused for the idle time; runs again while any are left. */
  void sweep() {
    List<Handle> toClose = new ArrayList<>();
    synchronized (this) {
      sweepScheduled = false;
      long now = nanoClock.getAsLong();
      for (Iterator<Handle> it = open.values().iterator(); it.hasNext(); ) {
        Handle h = it.next();
        if (h.users == 0 && now - h.lastUsed >= idleNanos) {
          it.remove();
          h.retired = true;
          toClose.add(h);
        }
      }
      scheduleSweep();
    }
    closeAll(toClose);
  }

  /** Guarded by {@code this}. */
  private void scheduleSweep() {
    if (!sweepScheduled && !open.isEmpty()) {
      sweepScheduled = true;
      sweeper.execute(this::sweep);
    }
  }

  private static void closeAll(List<Handle> handles) {
    for (Handle h : handles) {
      try {
        h.channel.close();
      } catch (IOException e) {
        // A read-only channel: nothing was written that could be lost.
      }
    }
  }
}
