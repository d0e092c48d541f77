package chorus.cli.daemon;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkBytes;
import chorus.core.port.ChunkFetch;
import chorus.core.protocol.ChunkHint;
import chorus.transport.node.NodeService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The engine's chunks from the node's connections: verified by the requester before they complete. */
final class NodeChunkFetch implements ChunkFetch {
  private final Supplier<NodeService> node;

  NodeChunkFetch(Supplier<NodeService> node) {
    this.node = node;
  }

  @Override
  public CompletableFuture<ChunkBytes> fetch(List<DeviceId> candidates, ChunkHash hash, int length,
      ChunkHint hint) {
    return node.get().chunks().fetch(candidates, hash, length, hint);
  }

  @Override
  public boolean verifies() {
    return true;
  }
}
