package chorus.core.sync;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.ReferencedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Cuts this device's change log of one folder, from a sequence up to a durable mark, into IndexUpdate
 * batches that each fit a frame. Records go as peers see them ({@link FileRecord#forPeer()}).
 */
final class IndexSender {
  private final BatchLimits limits;

  IndexSender(BatchLimits limits) {
    this.limits = limits;
  }

  /**
   * Sends the records with {@code after < sequence <= upTo}. If {@code full}, the first batch is marked
   * full (sent even when empty, so the peer forgets what it held of an older index). A record for which
   * {@code byReference} is true goes without its chunk list ({@link ReferencedRecord}).
   */
  void send(FolderId folder, FolderStore store, long after, long upTo, boolean full,
      Predicate<FileRecord> byReference, Consumer<IndexUpdate> out) {
    long overhead = limits.overhead(folder);
    long max = limits.maxBatchBytes();
    long target = Math.min(max, limits.targetBatchBytes());
    List<FileRecord> batch = new ArrayList<>();
    List<ReferencedRecord> references = new ArrayList<>();
    long[] bytes = {overhead};
    boolean[] first = {full};
    store.forEachSince(after, r -> {
      if (r.sequence() > upTo) {
        return false; // in sequence order: the rest is past the durable mark too, for a later delta
      }
      FileRecord peerView = r.forPeer();
      long size = limits.recordBytes(peerView);
      if (overhead + size > max) {
        throw new IllegalStateException(folder + ": " + r.path() + " takes " + size + " bytes, more than a frame holds");
      }
      if (bytes[0] > overhead && bytes[0] + size > target) {
        out.accept(new IndexUpdate(folder, store.indexId(), first[0], batch, List.of(), references));
        first[0] = false;
        batch.clear();
        references.clear();
        bytes[0] = overhead;
      }
      if (byReference.test(peerView)) {
        references.add(ReferencedRecord.of(peerView)); // a full record's size bounds it
      } else {
        batch.add(peerView);
      }
      bytes[0] += size;
      return true;
    });
    if (!batch.isEmpty() || !references.isEmpty() || first[0]) {
      out.accept(new IndexUpdate(folder, store.indexId(), first[0], batch, List.of(), references));
    }
  }
}
