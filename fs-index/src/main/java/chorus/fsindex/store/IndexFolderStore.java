package chorus.fsindex.store;

import chorus.core.id.DeviceId;
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
}
