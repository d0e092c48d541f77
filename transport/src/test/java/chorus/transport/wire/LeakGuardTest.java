package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The leak guard that every codec test relies on does see a leaked buffer. */
@ExtendWith(LeakGuard.class)
class LeakGuardTest {
  @Test
  void aBufferDroppedUnreleasedIsReported() {
    leakOne();
    List<String> leaks = new ArrayList<>();
    for (int i = 0; i < 10 && leaks.isEmpty(); i++) {
      leaks.addAll(LeakGuard.drainLeaks());
    }
    assertFalse(leaks.isEmpty(), "the leak detector reported nothing");
  }

  private static void leakOne() {
    ByteBufAllocator.DEFAULT.buffer(16).writeLong(42);
  }
}
