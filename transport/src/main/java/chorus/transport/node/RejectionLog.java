package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.Rejection;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every rejected connection is logged, once, with device ID, remote address and reason. A device
 * that keeps knocking with the same problem (every backoff period) is logged at warn the first time and
 * at debug for an hour after, with a count, so the log stays readable. Thread-safe.
 */
final class RejectionLog {
  private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);
  private static final Duration QUIET = Duration.ofHours(1);

  private record Key(DeviceId device, InetAddress address, RejectReason reason) {}

  private record Seen(Instant first, int repeats) {}

  private final Clock clock;
  private final Map<Key, Seen> seen = new HashMap<>(); // guarded by this

  RejectionLog(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void log(Rejection r, String deviceName) {
    String name = deviceName == null || deviceName.isEmpty() ? "" : " (\"" + deviceName + "\")";
    Key key = new Key(r.device(), r.remote() == null ? null : r.remote().getAddress(), r.reason());
    Instant now = clock.instant();
    int repeats;
    synchronized (this) {
      Seen s = seen.get(key);
      if (s != null && Duration.between(s.first(), now).compareTo(QUIET) < 0) {
        seen.put(key, new Seen(s.first(), s.repeats() + 1));
        repeats = s.repeats() + 1;
      } else {
        if (seen.size() > 1000) {
          seen.clear();
        }
        seen.put(key, new Seen(now, 0));
        repeats = 0;
      }
    }
    if (repeats == 0) {
      log.warn("rejected {}{}", r.describe(), name);
    } else {
      log.debug("rejected {}{} (again: {} times within the hour)", r.describe(), name, repeats);
    }
  }
}
