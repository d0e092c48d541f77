package chorus.core.sync;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs tasks on a shared executor, one at a time and in submission order per key (per peer): the
 * exchange's work for one peer is ordered without a thread per peer, and never runs on the caller
 * (an event loop).
 */
final class SerialQueues<K> {
  private final Executor executor;
  private final Consumer<RuntimeException> failures;
  private final Map<K, Lane> lanes = new ConcurrentHashMap<>();

  SerialQueues(Executor executor, Consumer<RuntimeException> failures) {
    this.executor = executor;
    this.failures = failures;
  }

  void submit(K key, Runnable task) {
    lanes.computeIfAbsent(key, k -> new Lane()).add(task);
  }

  private final class Lane {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void add(Runnable task) {
      tasks.add(task);
      schedule();
    }

    private void schedule() {
      if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      try {
        Runnable r;
        while ((r = tasks.poll()) != null) {
          try {
            r.run();
          } catch (RuntimeException e) {
            failures.accept(e);
          }
        }
      } finally {
        scheduled.set(false);
        schedule();
      }
    }
  }
}
