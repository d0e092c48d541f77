package chorus.core.port;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
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
   */
  CompletableFuture<ChunkBytes> fetch(List<DeviceId> candidates, ChunkHash hash, int length);

  /**
   * True if the futures complete only with bytes already checked against the hash (the transport's
   * requester hashes every chunk it accepts); the puller then does not hash them a second time, which
   * saves about half a CPU-second per GB received. False (the default) makes the puller check them.
   */
  default boolean verifies() {
    return false;
  }

  /** No peers: every fetch fails as unavailable. */
  ChunkFetch NONE = (candidates, hash, length) -> CompletableFuture.failedFuture(
      new ChunkUnavailableException(hash, ChunkUnavailableException.Reason.NO_SOURCE, "no peer is connected"));
}
