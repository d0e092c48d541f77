package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test if Netty's leak detector reports a ByteBuf that was garbage-collected unreleased.
 *
 * <p>Sets the level to paranoid (every buffer tracked) and installs a listener on the detector all
 * ByteBufs share ({@code AbstractByteBuf.leakDetector}; read by reflection because it is
 * package-private, and it is created before any test could install its own factory). Leaks are found
 * when a collected buffer's tracker is polled, which happens on the next tracked allocation: after each
 * test this collects garbage and allocates until the queue has been seen.
 */
public final class LeakGuard implements BeforeEachCallback, AfterEachCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    try {
      Class<?> abstractByteBuf = Class.forName("io.netty.buffer.AbstractByteBuf");
      Field field = abstractByteBuf.getDeclaredField("leakDetector");
      field.setAccessible(true);
      ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
      detector.setLeakListener((type, records) -> {
        synchronized (LEAKS) {
          LEAKS.add(type + ": " + records);
        }
      });
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError("cannot hook the ByteBuf leak detector: " + e);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    collectAndPoll();
    synchronized (LEAKS) {
      LEAKS.clear();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    collectAndPoll();
    synchronized (LEAKS) {
      if (!LEAKS.isEmpty()) {
        String report = String.join("\n\n", LEAKS);
        LEAKS.clear();
        fail("ByteBuf leak(s) reported during " + context.getDisplayName() + ":\n" + report);
      }
    }
  }

  /** Asserts that every buffer handed out to the test has been released. */
  static void assertAllReleased(List<ByteBuf> buffers) {
    for (int i = 0; i < buffers.size(); i++) {
      if (buffers.get(i).refCnt() != 0) {
        fail("buffer " + i + " of " + buffers.size() + " not released: refCnt " + buffers.get(i).refCnt());
      }
    }
  }

  /** Collects garbage and returns (and forgets) the leaks reported so far: for the guard's own test. */
  static List<String> drainLeaks() {
    collectAndPoll();
    synchronized (LEAKS) {
      List<String> out = new ArrayList<>(LEAKS);
      LEAKS.clear();
      return out;
    }
  }

  private static void collectAndPoll() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      // Each tracked allocation polls the detector's reference queue and reports what it finds.
      ByteBufAllocator.DEFAULT.buffer(1).release();
      ByteBufAllocator.DEFAULT.directBuffer(1).release();
      Unpooled.buffer(1).release();
    }
  }
}
