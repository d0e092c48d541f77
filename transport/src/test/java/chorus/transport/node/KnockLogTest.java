package chorus.transport.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.id.DeviceId;
import chorus.transport.testing.MutableClock;
import chorus.transport.testing.TestIdentities;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnockLogTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

  @Test
  void remembersTheLatestKnockPerDeviceKeepingAKnownName() {
    KnockLog log = new KnockLog(clock, 2);
    DeviceId a = TestIdentities.ec().deviceId();
    DeviceId b = TestIdentities.ec().deviceId();
    DeviceId c = TestIdentities.ec().deviceId();
    InetSocketAddress where = new InetSocketAddress("10.8.0.5", 5000);
    log.record(a, where, "laptop");
    clock.advance(Duration.ofSeconds(60));
    log.record(a, where, ""); // a later knock without Hello keeps the name
    log.record(b, where, "nas");
    List<KnockLog.Knock> knocks = log.snapshot(id -> true);
    assertEquals(java.util.Set.of(a, b), knocks.stream().map(KnockLog.Knock::device).collect(
        java.util.stream.Collectors.toSet()));
    assertEquals("laptop", knocks.stream().filter(k -> k.device().equals(a)).findFirst().orElseThrow().name());
    assertEquals(Instant.parse("2026-05-01T10:01:00Z"), knocks.get(0).lastSeen());
    // Bounded: a third device pushes out the oldest entry.
    log.record(c, where, "");
    assertEquals(2, log.snapshot(id -> true).size());
    // Devices that are now configured are not shown.
    assertEquals(1, log.snapshot(id -> !id.equals(c)).size());
  }
}
