package chorus.core.port;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ChunkHint;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the sync engine gets chunks it does not hold: from connected peers, verified by hash. */
@FunctionalInterface
public interface ChunkFetch {
  /**
   * Fetches a chunk from one of {@code candidates} (the least loaded connected one). The future completes
   * only with bytes whose SHA-256 is {@code hash}, or fails with {@link ChunkIntegrityException} or
   * {@link ChunkUnavailableException}. The caller owns the bytes it gets and closes them; a fetch it gives
   * up goes to {@link ChunkBytes#discard}.
   *
   * @param hint null, or where the candidates should hold the chunk (the record the pull plans from):
   *     sent along so the peer finds it with one index read
   */
  CompletableFuture<ChunkBytes> fetch(List<DeviceId> candidates, ChunkHash hash, int length, ChunkHint hint);

  /**
   * True if the futures complete only with bytes already checked against the hash (the transport's
   * requester hashes every chunk it accepts); the puller then does not hash them a second time, which
   * saves about half a CPU-second per GB received. False (the default) makes the puller check them.
   */
  default boolean verifies() {
    return false;
  }

  /** No peers: every fetch fails as unavailable. */
  ChunkFetch NONE = (candidates, hash, length, hint) -> CompletableFuture.failedFuture(
      new ChunkUnavailableException(hash, ChunkUnavailableException.Reason.NO_SOURCE, "no peer is connected"));
}
