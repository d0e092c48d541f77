package chorus.transport.node;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Devices that connected with a sound certificate but are not in the config: so {@code chorus status}
 * can show who knocked (and the user can add them). Bounded: the oldest entry goes first. Thread-safe.
 */
public final class KnockLog {
  /**
   * One unknown device, as last seen.
   *
   * @param name the device name from its Hello, or empty if it never sent one
   */
  public record Knock(DeviceId device, InetSocketAddress address, String name, Instant lastSeen) {
    public Knock {
      Objects.requireNonNull(device, "device");
      name = name == null ? "" : name;
    }
  }

  private final Clock clock;
  private final int capacity;
  private final Map<DeviceId, Knock> knocks = new LinkedHashMap<>(); // guarded by this

  public KnockLog(Clock clock, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0");
    }
    this.capacity = capacity;
  }

  /** Remembers a knock; a name seen before is kept when this one has none. */
  public synchronized void record(DeviceId device, InetSocketAddress address, String name) {
    Knock previous = knocks.remove(device);
    String keptName = (name == null || name.isEmpty()) && previous != null ? previous.name() : name;
    knocks.put(device, new Knock(device, address, keptName, clock.instant()));
    while (knocks.size() > capacity) {
      knocks.remove(knocks.keySet().iterator().next());
    }
  }

  /** The knocks of devices {@code stillUnknown} accepts, most recent first. */
  public synchronized List<Knock> snapshot(Predicate<DeviceId> stillUnknown) {
    List<Knock> out = new ArrayList<>();
    for (Knock k : knocks.values()) {
      if (stillUnknown.test(k.device())) {
        out.add(k);
      }
    }
    out.sort(Comparator.comparing(Knock::lastSeen).reversed());
    return out;
  }
}
