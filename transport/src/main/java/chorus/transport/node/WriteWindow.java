package chorus.transport.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Flow control for a sender off the event loop: at most {@code size} writes are unfinished at once; the
 * next one waits, on the caller's thread, until the oldest has finished. Thread-safe.
 */
final class WriteWindow {
  /** What {@link #send} did. */
  enum Outcome { SENT, TIMED_OUT, FAILED }

  private final int size;
  private final Duration timeout;
  private final Deque<CompletableFuture<Void>> unfinished = new ArrayDeque<>(); // guarded by this

  WriteWindow(int size, Duration timeout) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be >= 1, got " + size);
    }
    this.size = size;
    this.timeout = timeout;
  }

  /**
   * Waits until fewer than {@code size} writes are unfinished, then starts {@code write}. Returns
   * {@link Outcome#TIMED_OUT} if the oldest write did not finish within the timeout and {@link Outcome#FAILED}
   * if it failed (the connection closed) or the thread was interrupted; {@code write} is not started then.
   */
  synchronized Outcome send(Supplier<CompletableFuture<Void>> write) {
    while (unfinished.size() >= size) {
      CompletableFuture<Void> oldest = unfinished.removeFirst();
      try {
        oldest.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return Outcome.TIMED_OUT;
      } catch (ExecutionException e) {
        return Outcome.FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.FAILED;
      }
    }
    unfinished.addLast(write.get());
    return Outcome.SENT;
  }
}
