package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.sync.FolderStore;
import chorus.core.sync.IndexMark;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The index exchange's port over one folder of the RocksDB index. */
public final class IndexFolderStore implements FolderStore {
  private final FolderIndex folder;

  public IndexFolderStore(FolderIndex folder) {
    this.folder = folder;
  }

  @Override
  public long indexId() {
    return folder.indexId();
  }

  @Override
  public void forEachSince(long sequence, Predicate<FileRecord> visitor) {
    folder.forEachSince(sequence, visitor);
  }

  @Override
  public Optional<IndexMark> held(DeviceId peer) {
    return folder.peerProgress(peer);
  }

  @Override
  public void clearPeer(DeviceId peer) {
    folder.clearPeer(peer);
  }

  @Override
  public void storePeer(DeviceId peer, List<FileRecord> records, IndexMark mark, boolean replace) {
    folder.putPeers(peer, records, mark, replace);
  }

  @Override
  public void forEachHeld(DeviceId peer, Predicate<FileRecord> visitor) {
    folder.forEachPeer(peer, visitor);
  }

  /** Found through the chunk index: the files of this folder that begin with {@code firstChunk}. */
  @Override
  public Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size) {
    for (ChunkLocation at : folder.rocks().locate(firstChunk)) {
      if (at.offset() != 0 || !at.folder().equals(folder.id())) {
        continue;
      }
      Optional<FileRecord> r = folder.get(at.path());
      if (r.isPresent() && !r.get().deleted() && r.get().size() == size && contentHash.equals(r.get().contentHash())) {
        return Optional.of(r.get().chunks());
      }
    }
    return Optional.empty();
  }
}
