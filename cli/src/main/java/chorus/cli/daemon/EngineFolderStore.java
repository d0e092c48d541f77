package chorus.cli.daemon;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.sync.FolderStore;
import chorus.core.sync.IndexMark;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The exchange's view of a folder, with the sync engine in the loop: what a peer announced is reported to
 * the engine once stored, and in a receive-only folder this device's own changes are never announced
 * (the cluster must not take them; {@code chorus folder revert} undoes them).
 */
final class EngineFolderStore implements FolderStore {
  private final FolderStore store;
  private final FolderId folder;
  private final Supplier<DeviceId> hideChangesOf;
  private final Supplier<IndexSync.PeerRecordsHook> hook;

  /** @param hideChangesOf the device whose records are not announced (this one, for receive-only), or null */
  EngineFolderStore(FolderStore store, FolderId folder, Supplier<DeviceId> hideChangesOf,
      Supplier<IndexSync.PeerRecordsHook> hook) {
    this.store = store;
    this.folder = folder;
    this.hideChangesOf = hideChangesOf;
    this.hook = hook;
  }

  @Override
  public long indexId() {
    return store.indexId();
  }

  @Override
  public void forEachSince(long sequence, Predicate<FileRecord> visitor) {
    DeviceId hidden = hideChangesOf.get();
    if (hidden == null) {
      store.forEachSince(sequence, visitor);
      return;
    }
    store.forEachSince(sequence, r -> r.modifiedBy().equals(hidden.shortId()) || visitor.test(r));
  }

  @Override
  public Optional<IndexMark> held(DeviceId peer) {
    return store.held(peer);
  }

  @Override
  public void clearPeer(DeviceId peer) {
    store.clearPeer(peer);
    hook.get().cleared(folder);
  }

  @Override
  public void storePeer(DeviceId peer, List<FileRecord> records, IndexMark mark, boolean replace) {
    store.storePeer(peer, records, mark, replace);
    hook.get().stored(folder, records, replace);
  }

  @Override
  public void forEachHeld(DeviceId peer, Predicate<FileRecord> visitor) {
    store.forEachHeld(peer, visitor);
  }

  @Override
  public Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size) {
    return store.ownChunkList(firstChunk, contentHash, size);
  }
}
