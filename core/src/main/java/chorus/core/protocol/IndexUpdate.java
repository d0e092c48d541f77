package chorus.core.protocol;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import java.util.List;
import java.util.Objects;

/**
 * File records of the sender's index for one folder, in increasing sequence order. A batch with
 * {@code full} set starts a full index: the receiver forgets what it held of the sender for this folder.
 * A large index is sent as several batches, only the first of which is {@code full}.
 *
 * @param indexId the sender's index ID this batch belongs to
 * @param files records as sent to peers (see {@link FileRecord#forPeer()})
 */
public record IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files) implements Message {
  public IndexUpdate {
    Objects.requireNonNull(folder, "folder");
    files = List.copyOf(files);
    long previous = -1;
    for (FileRecord f : files) {
      if (f.sequence() <= previous) {
        throw new IllegalArgumentException(folder + ": records must be in increasing sequence order, "
            + f.sequence() + " after " + previous + " (" + f.path() + ")");
      }
      previous = f.sequence();
    }
  }
}
