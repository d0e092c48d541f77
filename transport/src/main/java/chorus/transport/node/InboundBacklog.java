package chorus.transport.node;

import chorus.transport.peer.PeerConnection;
import chorus.transport.peer.ReadGate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one connection's IndexUpdates handed to the index exchange and not yet dealt with, and stops
 * reading from the peer while there are {@code max} of them: without it, a peer sending faster than we
 * store (a slow disk, a large first index) would pile up frames of up to 8 MiB each without bound. Reading
 * resumes once the backlog is down to half.
 *
 * <p>{@link #queued} runs on the channel's event loop (as the message arrives), {@link #done} on the
 * exchange's threads; the read gate is only touched on the event loop.
 */
final class InboundBacklog {
  private final PeerConnection connection;
  private final int max;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger highest = new AtomicInteger();

  InboundBacklog(PeerConnection connection, int max) {
    this.connection = connection;
    this.max = max;
  }

  /** An IndexUpdate arrived and goes to the exchange. Event loop. */
  void queued() {
    int n = waiting.incrementAndGet();
    highest.accumulateAndGet(n, Math::max);
    if (n >= max) {
      // The decoder is held too, so frames already read do not slip past the bound.
      connection.readGate().pause(ReadGate.Reason.INDEX_BACKLOG);
    }
  }

  /** The exchange dealt with one (stored, refused or dropped). Any thread. */
  void done() {
    int n = waiting.decrementAndGet();
    if (n <= max / 2) {
      connection.onEventLoop(() -> {
        if (waiting.get() <= max / 2) {
          connection.readGate().resume(ReadGate.Reason.INDEX_BACKLOG);
        }
      });
    }
  }

  /** The most ever waiting at once. */
  int max() {
    return highest.get();
  }
}
