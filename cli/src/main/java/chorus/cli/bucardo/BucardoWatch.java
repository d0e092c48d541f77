package chorus.cli.bucardo;

import chorus.dbbridge.bucardo.BucardoSetup;
import chorus.dbbridge.bucardo.Connector;
import chorus.dbbridge.bucardo.Watchdog;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ClusterConfig;
import chorus.transport.api.ApiResponse;
import chorus.transport.api.Route;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Bucardo side, on a thread of its own (JDBC and the bucardo program block; nothing here may
 * slow the sync engine): it records the catalog addresses peers announce, and on the host where
 * {@code chorus bucardo apply} set Bucardo up (its directory in the device home holds the setup file) it
 * runs the {@link Watchdog}. {@code GET /rest/bucardo} answers with the watchdog's status.
 */
public final class BucardoWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BucardoWatch.class);
  public static final String ROUTE = "/rest/bucardo";

  private final DeviceHome home;
  private final Supplier<ChorusConfig> config;
  private final Clock clock;
  private final Path dir;
  private final ScheduledExecutorService thread;
  private volatile Watchdog watchdog;
  private BucardoSetup watched;

  private BucardoWatch(DeviceHome home, Supplier<ChorusConfig> config, Clock clock, Duration every) {
    this.home = home;
    this.config = config;
    this.clock = clock;
    this.dir = BucardoHosts.dir(home);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chorus-bucardo");
      t.setDaemon(true);
      return t;
    });
    long ms = every.toMillis();
    thread.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Starts it; checks Bucardo every 5 s (the system property {@code chorus.bucardo.checkMs} overrides, for tests). */
  public static BucardoWatch start(DeviceHome home, Supplier<ChorusConfig> config, Clock clock) {
    long ms = Math.max(50, Long.getLong("chorus.bucardo.checkMs", 5000));
    return new BucardoWatch(home, config, clock, Duration.ofMillis(ms));
  }

  /** A peer's ClusterConfig arrived (on an event loop): its catalog address is recorded off the loop. */
  public void heard(DeviceId device, ClusterConfig theirs) {
    if (theirs.catalog() == null) {
      return;
    }
    String name = config.get().device(device).map(DeviceConfig::name).filter(n -> !n.isBlank())
        .orElse(device.shortId().toString());
    thread.execute(() -> {
      try {
        if (PeerCatalogs.record(home, device, name, theirs.catalog())) {
          log.info("device {} (\"{}\") announced its catalog {} (user {})", device, name, theirs.catalog().jdbcUrl(),
              theirs.catalog().user().isEmpty() ? "unnamed" : theirs.catalog().user());
        }
      } catch (IOException | RuntimeException e) {
        log.warn("the catalog address {} announced cannot be recorded: {}", device, e.getMessage());
      }
    });
  }

  /** The route for {@code chorus status}: the watchdog's status, or {@code not-set-up}. */
  public Route route() {
    return Route.get(ROUTE, request -> ApiResponse.ok(status()));
  }

  public Watchdog.Status status() {
    Watchdog w = watchdog;
    return w == null ? new Watchdog.Status("", "not-set-up", "Bucardo is not set up from this device", null, null, 0)
        : w.status();
  }

  private void tick() {
    try {
      Optional<BucardoSetup> setup = BucardoSetup.load(dir);
      if (setup.isEmpty()) {
        watchdog = null;
        watched = null;
        return;
      }
      if (!setup.get().equals(watched)) { // apply changed the setup: a new watchdog, with a clean backoff
        watched = setup.get();
        watchdog = Watchdog.forSetup(watched, Connector.PGJDBC, clock);
      }
      watchdog.tick();
    } catch (IOException | RuntimeException e) {
      log.warn("the Bucardo watchdog cannot run: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
