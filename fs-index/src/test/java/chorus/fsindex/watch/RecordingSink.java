package chorus.fsindex.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A {@link ChangeSink} that remembers everything, including each file's size at the moment it was
 * delivered, and lets a test wait (with a generous timeout, never a tight one) for what it expects.
 */
final class RecordingSink implements ChangeSink {
  static final Duration PATIENCE = Duration.ofSeconds(10);

  record Delivery(String path, long sizeAtDelivery, long nanoTime) {}

  private final Path root;
  private final List<Set<String>> batches = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<String> rescans = new ArrayList<>();
  private int ignoreFileChanges;

  RecordingSink(Path root) {
    this.root = root;
  }

  @Override
  public synchronized void changed(Set<String> relativePaths) {
    long now = System.nanoTime();
    batches.add(relativePaths);
    for (String p : relativePaths) {
      long size;
      try {
        size = Files.isRegularFile(root.resolve(p)) ? Files.size(root.resolve(p)) : -1;
      } catch (IOException e) {
        size = -1;
      }
      deliveries.add(new Delivery(p, size, now));
    }
    notifyAll();
  }

  @Override
  public synchronized void rescan(String relativeDirectory) {
    rescans.add(relativeDirectory);
    notifyAll();
  }

  @Override
  public synchronized void ignoreFileChanged() {
    ignoreFileChanges++;
    notifyAll();
  }

  synchronized List<Delivery> deliveriesOf(String path) {
    return deliveries.stream().filter(d -> d.path().equals(path)).toList();
  }

  synchronized boolean delivered(String path) {
    return deliveries.stream().anyMatch(d -> d.path().equals(path));
  }

  synchronized List<String> deliveredPaths() {
    return deliveries.stream().map(Delivery::path).toList();
  }

  synchronized List<String> rescans() {
    return List.copyOf(rescans);
  }

  synchronized int ignoreFileChanges() {
    return ignoreFileChanges;
  }

  synchronized List<Set<String>> batches() {
    return List.copyOf(batches);
  }

  /** Waits until {@code path} has been delivered {@code times} times in all; fails after the patience. */
  void awaitDelivered(String path, int times) throws InterruptedException {
    await(() -> deliveriesOf(path).size() >= times, () -> "\"" + path + "\" delivered " + times + "x");
  }

  void awaitDelivered(String path) throws InterruptedException {
    awaitDelivered(path, 1);
  }

  void awaitRescan(String directory) throws InterruptedException {
    await(() -> rescans().contains(directory), () -> "rescan of \"" + directory + "\"");
  }

  synchronized void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what.get()
            + "; delivered so far: " + deliveredPaths() + ", rescans: " + rescans);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
