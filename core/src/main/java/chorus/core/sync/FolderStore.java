package chorus.core.sync;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The index exchange's view of one folder's index: this device's change log and what peers announced. */
public interface FolderStore {
  /** This device's index ID for the folder. */
  long indexId();

  /** Visits this device's records changed after {@code sequence}, in sequence order, until false. */
  void forEachSince(long sequence, Predicate<FileRecord> visitor);

  /** How far this device holds {@code peer}'s index, if at all. */
  Optional<IndexMark> held(DeviceId peer);

  /** Forgets every record of {@code peer} and its mark (its index was reset or is being resent). */
  void clearPeer(DeviceId peer);

  /**
   * Stores {@code records} as {@code peer}'s and {@code mark} as how far we hold it, in one atomic write:
   * a crash never leaves the mark beyond the records stored.
   *
   * @param replace forget every record of {@code peer} first, in the same write (a full index begins)
   * @throws IllegalArgumentException if a record is not acceptable (nothing is written or forgotten then)
   */
  void storePeer(DeviceId peer, List<FileRecord> records, IndexMark mark, boolean replace);

  /** Visits every record held of {@code peer}, until false (to learn which contents it holds). */
  void forEachHeld(DeviceId peer, Predicate<FileRecord> visitor);

  /**
   * The chunk list of a live file of this device's own whose content hash is {@code contentHash} and
   * whose first chunk is {@code firstChunk}, if there is one: what a record by reference stands for.
   */
  Optional<List<ChunkRef>> ownChunkList(ChunkHash firstChunk, ChunkHash contentHash, long size);
}
