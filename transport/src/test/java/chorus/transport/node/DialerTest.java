package chorus.transport.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.testing.TestNode;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dial loop's use of its backoff, on a real event loop with a fake connector. */
class DialerTest {
  private final DefaultEventExecutor loop = new DefaultEventExecutor();
  /** Counts backoff steps: {@link Backoff#next} draws exactly one bounded random number per step. */
  private final AtomicInteger steps = new AtomicInteger();
  private final AtomicBoolean up = new AtomicBoolean();
  private final List<CompletableFuture<String>> closeFutures = new CopyOnWriteArrayList<>();
  private final DeviceId peer = DeviceId.ofBytes(new byte[DeviceId.LENGTH]);
  private Dialer dialer;

  @AfterEach
  void stop() {
    if (dialer != null) {
      dialer.stop();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Dialer dialer() {
    RandomGenerator counting = new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        steps.incrementAndGet();
        return bound - 1;
      }
    };
    // An hour: no backoff delay runs out during the test, only the immediate first dial happens.
    Dialer.Connector connector = (device, address) -> {
      CompletableFuture<String> closed = new CompletableFuture<>();
      closeFutures.add(closed);
      return CompletableFuture.completedFuture(closed);
    };
    dialer = new Dialer(loop, connector, id -> up.get(),
        () -> new Backoff(Duration.ofHours(1), Duration.ofHours(8), counting));
    return dialer;
  }

  /** Waits until every task queued on the loop so far has run. */
  private void drain() {
    loop.submit(() -> {}).syncUninterruptibly();
  }

  private void connect() {
    dialer.update(List.of(new DeviceConfig(peer, "peer", List.of(new TcpAddress("127.0.0.1", 1)), List.of())));
    TestNode.await("the first dial", () -> closeFutures.size() == 1);
    up.set(true);
    dialer.connectionUp(peer);
    drain();
    assertEquals(0, steps.get(), "the first dial waits for nothing");
  }

  @Test
  void oneDropIsOneBackoffStepWhenTheCloseIsSeenFirst() {
    dialer();
    connect();
    up.set(false);
    closeFutures.get(0).complete("connection lost"); // the dial loop's own close listener runs first
    dialer.connectionDown(peer);
    drain();
    assertEquals(1, steps.get());
  }

  @Test
  void oneDropIsOneBackoffStepWhenTheNodeReportsItFirst() {
    dialer();
    connect();
    up.set(false);
    dialer.connectionDown(peer);
    drain();
    closeFutures.get(0).complete("connection lost");
    drain();
    assertEquals(1, steps.get());
  }

  @Test
  void aHeldDeviceIsNotRedialledUntilReleasedAndThenAtOnce() {
    dialer();
    dialer.update(List.of(new DeviceConfig(peer, "peer", List.of(new TcpAddress("127.0.0.1", 1)), List.of())));
    TestNode.await("the first dial", () -> closeFutures.size() == 1);
    dialer.hold(peer); // the peer refused our invite on that connection
    closeFutures.get(0).complete("closed by peer: invite refused: this invite was already used");
    dialer.connectionDown(peer);
    drain();
    assertEquals(0, steps.get(), "no redial was scheduled, not even after a backoff");
    assertEquals(1, closeFutures.size());

    dialer.release(peer); // a new invite was joined
    TestNode.await("the dial after the release", () -> closeFutures.size() == 2);
    assertEquals(0, steps.get(), "it waited for no backoff");
  }
}
