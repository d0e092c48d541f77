package chorus.dbbridge.bucardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watchdog's decisions over scripted observations and a clock the test moves (the real thing: BucardoEndToEndTest). */
class WatchdogTest {
  private Instant now = Instant.parse("2026-12-02T10:00:00Z");
  private Watchdog.Observation seen;
  private final List<String> restarts = new ArrayList<>();
  private boolean failRestart;

  private final Watchdog dog = new Watchdog("chorus_archive", new Watchdog.Sensors() {
    @Override
    public Watchdog.Observation observe() {
      return seen;
    }

    @Override
    public void restart(boolean mcpRunning, String reason) throws IOException {
      restarts.add((mcpRunning ? "restart: " : "start: ") + reason);
      if (failRestart) {
        throw new IOException("validation failed");
      }
    }
  }, new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  });

  private static Watchdog.Observation obs(boolean mcp, boolean sync, boolean stopped, String... down) {
    return new Watchdog.Observation(true, mcp, sync, stopped, List.of(down));
  }

  @Test
  void waitsForTheHostThenRestartsOnceWithTheReason() {
    seen = obs(true, true, false);
    assertEquals("running", dog.tick().state());
    seen = obs(true, false, false, "c");
    assertEquals("waiting", dog.tick().state());
    assertEquals("waiting", dog.tick().state());
    assertEquals(List.of(), restarts, "no restart while a host is down: validation would fail again");
    seen = obs(true, false, false);
    Watchdog.Status s = dog.tick();
    assertEquals("restarted", s.state());
    assertEquals(List.of("restart: sync chorus_archive has no controller after c was unreachable; every host answers again"),
        restarts);
    assertEquals(now, s.lastRestart());
    seen = obs(true, true, false);
    assertEquals("running", dog.tick().state());
    assertEquals(1, dog.status().restarts());
    assertTrue(dog.status().lastReason().contains("c was unreachable"));
  }

  @Test
  void backsOffWhileRestartsDoNotHelpAndStartsOverOnceRunning() {
    seen = obs(true, false, false);
    failRestart = true;
    dog.tick(); // at once
    assertEquals(1, restarts.size());
    List<Long> gaps = new ArrayList<>();
    Instant last = now;
    for (int i = 0; i < 9; i++) {
      while (restarts.size() == i + 1) {
        now = now.plusMillis(500);
        dog.tick();
      }
      gaps.add(Duration.between(last, now).toSeconds());
      last = now;
    }
    assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L), gaps);
    failRestart = false;
    seen = obs(true, true, false);
    dog.tick();
    seen = obs(true, false, false);
    int before = restarts.size();
    dog.tick();
    assertEquals(before + 1, restarts.size(), "a running sync resets the backoff: the next stall is restarted at once");
  }

  @Test
  void aBucardoStoppedOnPurposeStaysStoppedAndAMissingMcpIsStarted() {
    seen = obs(false, false, true);
    assertEquals("stopped", dog.tick().state());
    assertEquals(List.of(), restarts);
    seen = obs(false, false, false);
    dog.tick();
    assertEquals(List.of("start: the Bucardo MCP is not running; every host answers again"), restarts);
    seen = new Watchdog.Observation(false, false, false, false, List.of());
    assertEquals("not-set-up", dog.tick().state());
  }
}
