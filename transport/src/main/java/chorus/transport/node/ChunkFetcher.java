package chorus.transport.node;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkBytes;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ChunkHint;
import chorus.transport.peer.PeerConnection;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Fetches chunks from connected peers. Each peer's connection keeps its own bytes in flight under the
 * limit and verifies every chunk; this spreads requests by picking, among the candidates that are
 * connected, the one with the least bytes requested and queued.
 */
public final class ChunkFetcher {
  private final Function<DeviceId, Optional<PeerConnection>> connections;

  ChunkFetcher(Function<DeviceId, Optional<PeerConnection>> connections) {
    this.connections = connections;
  }

  /**
   * Fetches a chunk from {@code peer}. The future completes with bytes whose SHA-256 is {@code hash},
   * or fails with {@link chorus.core.port.ChunkIntegrityException} (the peer sent other bytes) or
   * {@link ChunkUnavailableException} (not found, changed, error, disconnected, not connected).
   */
  public CompletableFuture<ChunkBytes> fetch(DeviceId peer, ChunkHash hash, int length) {
    return fetch(peer, hash, length, null);
  }

  /** As above, with where the peer should hold the chunk ({@link ChunkHint}; null for none). */
  public CompletableFuture<ChunkBytes> fetch(DeviceId peer, ChunkHash hash, int length, ChunkHint hint) {
    Optional<PeerConnection> c = connections.apply(peer);
    if (c.isEmpty()) {
      return CompletableFuture.failedFuture(new ChunkUnavailableException(
          hash, ChunkUnavailableException.Reason.NO_SOURCE, "device " + peer + " is not connected"));
    }
    return c.get().fetch(hash, length, hint);
  }

  /** Fetches from the least-loaded connected peer among {@code candidates}, with no hint. */
  public CompletableFuture<ChunkBytes> fetch(Collection<DeviceId> candidates, ChunkHash hash, int length) {
    return fetch(candidates, hash, length, null);
  }

  /** Fetches from the least-loaded connected peer among {@code candidates}; {@code hint} may be null. */
  public CompletableFuture<ChunkBytes> fetch(Collection<DeviceId> candidates, ChunkHash hash, int length,
      ChunkHint hint) {
    Optional<PeerConnection> best = candidates.stream()
        .map(connections)
        .flatMap(Optional::stream)
        .min(Comparator.comparingLong(PeerConnection::load));
    if (best.isEmpty()) {
      return CompletableFuture.failedFuture(new ChunkUnavailableException(
          hash, ChunkUnavailableException.Reason.NO_SOURCE, "none of " + candidates.size() + " candidate devices is connected"));
    }
    return best.get().fetch(hash, length, hint);
  }
}
