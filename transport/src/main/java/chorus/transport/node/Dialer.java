package chorus.transport.node;

import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps dialling every configured device that has addresses and is not connected: at once when the
 * node starts or the device is added, then with exponential backoff and jitter while dials fail, and
 * again soon after a working connection drops (a connection that finished its handshake resets the
 * backoff). Addresses are tried in turn. All state lives on one event loop.
 */
final class Dialer {
  private static final Logger log = LoggerFactory.getLogger(Dialer.class);

  /**
   * Opens a connection; completes with the connection's close future when TCP is up (the handshake
   * follows), fails if it cannot connect. The close future is all the dialer needs of the connection.
   */
  interface Connector {
    CompletableFuture<CompletableFuture<String>> dial(DeviceId device, TcpAddress address);
  }

  private final EventExecutor loop;
  private final Connector connector;
  private final Predicate<DeviceId> connected;
  private final Supplier<Backoff> backoffs;
  private final Map<DeviceId, DialLoop> loops = new HashMap<>(); // confined to loop
  /** Devices not to dial until released, whether configured or not; confined to loop. */
  private final Set<DeviceId> held = new HashSet<>();
  private boolean stopped;

  Dialer(EventExecutor loop, Connector connector, Predicate<DeviceId> connected, Supplier<Backoff> backoffs) {
    this.loop = loop;
    this.connector = connector;
    this.connected = connected;
    this.backoffs = backoffs;
  }

  /** Dials what {@code devices} lists, stops dialling what it no longer does. */
  void update(List<DeviceConfig> devices) {
    loop.execute(() -> {
      if (stopped) {
        return;
      }
      Set<DeviceId> wanted = new HashSet<>();
      for (DeviceConfig d : devices) {
        if (d.addresses().isEmpty()) {
          continue;
        }
        wanted.add(d.id());
        DialLoop existing = loops.get(d.id());
        if (existing == null) {
          DialLoop fresh = new DialLoop(d.id(), d.addresses(), backoffs.get());
          loops.put(d.id(), fresh);
          fresh.schedule(Duration.ZERO);
        } else {
          existing.addresses = d.addresses();
        }
      }
      loops.entrySet().removeIf(e -> {
        if (!wanted.contains(e.getKey())) {
          e.getValue().stop();
          return true;
        }
        return false;
      });
    });
  }

  /** A connection to {@code device} finished its handshake (either direction): no dial is due. */
  void connectionUp(DeviceId device) {
    loop.execute(() -> {
      DialLoop l = loops.get(device);
      if (l != null) {
        l.backoff.reset();
        l.cancelPending();
      }
    });
  }

  /** The connection to {@code device} in use closed: dial again (soon, if it had worked). */
  void connectionDown(DeviceId device) {
    loop.execute(() -> {
      DialLoop l = loops.get(device);
      if (l != null && !l.dialling) {
        l.retry();
      }
    });
  }

  /**
   * Stops dialling {@code device} (a pending attempt is cancelled) until {@link #release}: it refused our
   * invite, and asking again cannot change its answer. Survives the device being removed and re-added.
   */
  void hold(DeviceId device) {
    loop.execute(() -> {
      held.add(device);
      DialLoop l = loops.get(device);
      if (l != null) {
        l.cancelPending();
      }
    });
  }

  /** Dials {@code device} again, at once, if it was held. */
  void release(DeviceId device) {
    loop.execute(() -> {
      if (!held.remove(device)) {
        return;
      }
      DialLoop l = loops.get(device);
      if (l != null) {
        l.backoff.reset();
        l.schedule(Duration.ZERO);
      }
    });
  }

  void stop() {
    loop.execute(() -> {
      stopped = true;
      loops.values().forEach(DialLoop::stop);
      loops.clear();
    });
  }

  /** One device's redial state. */
  private final class DialLoop {
    final DeviceId device;
    List<TcpAddress> addresses;
    final Backoff backoff;
    int nextAddress;
    ScheduledFuture<?> pending;
    boolean dialling;
    boolean stoppedLoop;
    boolean failing;

    DialLoop(DeviceId device, List<TcpAddress> addresses, Backoff backoff) {
      this.device = device;
      this.addresses = addresses;
      this.backoff = backoff;
    }

    void schedule(Duration delay) {
      if (canSchedule()) {
        pending = loop.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    /**
     * Schedules the next attempt after a backoff delay. The delay is drawn only when a dial is really
     * scheduled: a drop reported twice (close future and connectionDown) must advance the backoff once.
     */
    void retry() {
      if (canSchedule()) {
        schedule(backoff.next());
      }
    }

    private boolean canSchedule() {
      return !stoppedLoop && pending == null && !dialling && !held.contains(device) && !connected.test(device);
    }

    void cancelPending() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    void stop() {
      stoppedLoop = true;
      cancelPending();
    }

    private void attempt() {
      pending = null;
      if (stoppedLoop || dialling || held.contains(device) || connected.test(device) || addresses.isEmpty()) {
        return;
      }
      TcpAddress address = addresses.get(Math.floorMod(nextAddress++, addresses.size()));
      dialling = true;
      log.debug("dialling {} at {}", device, address);
      connector.dial(device, address).whenComplete((closed, error) -> loop.execute(() -> {
        if (error != null) {
          dialling = false;
          if (!failing) {
            failing = true;
            log.info("cannot reach device {} at {}: {}; will keep trying", device, address, rootMessage(error));
          } else {
            log.debug("cannot reach device {} at {}: {}", device, address, rootMessage(error));
          }
          retry();
          return;
        }
        failing = false;
        closed.whenComplete((reason, e) -> loop.execute(() -> {
          dialling = false;
          retry();
        }));
      }));
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
