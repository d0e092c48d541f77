package chorus.transport.bench;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ChunkHint;
import chorus.core.port.ChunkSource;
import chorus.transport.testing.FileChunkSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Chunks held in memory (direct buffers): serving them costs a memory copy, no file read. */
final class MemoryChunkSource implements ChunkSource {
  private final Map<ChunkHash, ByteBuffer> chunks = new HashMap<>();
  private final List<ChunkHash> order = new ArrayList<>();

  MemoryChunkSource(int count, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[length];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < length; j += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8 && j + k < length; k++) {
          data[j + k] = (byte) (v >>> (8 * k));
        }
      }
      ByteBuffer b = ByteBuffer.allocateDirect(length);
      b.put(data).flip();
      ChunkHash h = FileChunkSource.sha256(data, length);
      chunks.put(h, b.asReadOnlyBuffer());
      order.add(h);
    }
  }

  List<ChunkHash> hashes() {
    return order;
  }

  @Override
  public Status read(DeviceId requester, ChunkHash hash, int length, ChunkHint hint, ByteBuffer target) {
    ByteBuffer b = chunks.get(hash);
    if (b == null || b.remaining() != length) {
      return Status.NOT_FOUND;
    }
    target.put(b.duplicate());
    return Status.OK;
  }
}
