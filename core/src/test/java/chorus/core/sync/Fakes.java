package chorus.core.sync;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.protocol.IndexUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** In-memory fakes of the exchange's ports. */
final class Fakes {
  private Fakes() {}

  static DeviceId device(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    b[31] = (byte) (n * 7 + 1);
    return DeviceId.ofBytes(b);
  }

  static FileRecord dir(String path, long seq, ShortId by, long counter) {
    return new FileRecord(path, FileType.DIRECTORY, 0, 1_000, 0755, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, counter))), seq, by, List.of(), null, null);
  }

  /** A folder's index: our change log keyed by sequence, and per peer its records and mark. */
  static final class Store implements FolderStore {
    final long indexId;
    final TreeMap<Long, FileRecord> log = new TreeMap<>();
    final Map<DeviceId, TreeMap<String, FileRecord>> peers = new HashMap<>();
    final Map<DeviceId, IndexMark> marks = new HashMap<>();
    int writes;
    boolean failWrites;

    Store(long indexId) {
      this.indexId = indexId;
    }

    void local(FileRecord r) {
      log.values().removeIf(old -> old.path().equals(r.path()));
      log.put(r.sequence(), r);
    }

    long last() {
      return log.isEmpty() ? 0 : log.lastKey();
    }

    @Override
    public long indexId() {
      return indexId;
    }

    @Override
    public void forEachSince(long sequence, Predicate<FileRecord> visitor) {
      for (FileRecord r : log.tailMap(sequence, false).values()) {
        if (!visitor.test(r)) {
          return;
        }
      }
    }

    @Override
    public Optional<IndexMark> held(DeviceId peer) {
      return Optional.ofNullable(marks.get(peer));
    }

    @Override
    public void clearPeer(DeviceId peer) {
      peers.remove(peer);
      marks.remove(peer);
    }

    @Override
    public void storePeer(DeviceId peer, List<FileRecord> records, IndexMark mark, boolean replace) {
      if (failWrites) {
        throw new IllegalStateException("disk on fire");
      }
      for (FileRecord r : records) {
        if (r.path().contains("refuse")) {
          throw new IllegalArgumentException(r.path() + ": refused by the store");
        }
      }
      if (replace) {
        peers.remove(peer);
      }
      TreeMap<String, FileRecord> m = peers.computeIfAbsent(peer, p -> new TreeMap<>());
      records.forEach(r -> m.put(r.path(), r));
      marks.put(peer, mark);
      writes++;
    }

    @Override
    public void forEachHeld(DeviceId peer, Predicate<FileRecord> visitor) {
      for (FileRecord r : peers.getOrDefault(peer, new TreeMap<>()).values()) {
        if (!visitor.test(r)) {
          return;
        }
      }
    }

    @Override
    public Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size) {
      for (FileRecord r : log.values()) {
        if (!r.deleted() && r.contentHash() != null && r.contentHash().equals(contentHash) && r.size() == size
            && r.chunks().get(0).hash().equals(firstChunk)) {
          return Optional.of(r.chunks());
        }
      }
      return Optional.empty();
    }
  }

  static final class Link implements PeerLink {
    final DeviceId device;
    final List<IndexUpdate> sent = new ArrayList<>();
    String closedWith;

    Link(DeviceId device) {
      this.device = device;
    }

    @Override
    public DeviceId device() {
      return device;
    }

    @Override
    public void send(IndexUpdate update) {
      sent.add(update);
    }

    @Override
    public void close(String reason) {
      closedWith = reason;
    }

    @Override
    public boolean isClosed() {
      return closedWith != null;
    }

    List<Long> sequences() {
      List<Long> out = new ArrayList<>();
      sent.forEach(u -> u.inSequenceOrder().forEach(f -> out.add(IndexUpdate.sequenceOf(f))));
      return out;
    }
  }

  /** Every record 100 bytes, 10 bytes of overhead, 350 per batch: three records per batch. */
  static final BatchLimits LIMITS = new BatchLimits() {
    @Override
    public long overhead(FolderId folder) {
      return 10;
    }

    @Override
    public long recordBytes(FileRecord record) {
      return 100;
    }

    @Override
    public long maxBatchBytes() {
      return 350;
    }
  };
}
