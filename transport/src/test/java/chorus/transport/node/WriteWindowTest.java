package chorus.transport.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class WriteWindowTest {
  @Test
  void theWriteAfterAFullWindowWaitsForTheOldestToFinish() throws Exception {
    WriteWindow window = new WriteWindow(2, Duration.ofMinutes(1));
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      assertEquals(WriteWindow.Outcome.SENT, window.send(() -> add(writes)));
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<WriteWindow.Outcome> third = pool.submit(() -> {
        started.countDown();
        return window.send(() -> add(writes));
      });
      started.await();
      assertThrows(TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS), "must wait");
      assertEquals(2, writes.size(), "the third write must not have started");
      writes.get(0).complete(null);
      assertEquals(WriteWindow.Outcome.SENT, third.get(10, TimeUnit.SECONDS));
      assertEquals(3, writes.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWriteThatNeverFinishesTimesOutAndAFailedOneStopsTheSender() {
    WriteWindow window = new WriteWindow(1, Duration.ofMillis(50));
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    window.send(() -> add(writes));
    assertEquals(WriteWindow.Outcome.TIMED_OUT, window.send(() -> add(writes)));
    assertEquals(1, writes.size(), "nothing more is written after a timeout");

    WriteWindow failing = new WriteWindow(1, Duration.ofMinutes(1));
    failing.send(() -> CompletableFuture.failedFuture(new IllegalStateException("closed")));
    assertEquals(WriteWindow.Outcome.FAILED, failing.send(() -> add(writes)));
  }

  private static CompletableFuture<Void> add(List<CompletableFuture<Void>> writes) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    writes.add(f);
    return f;
  }
}
