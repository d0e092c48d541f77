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
 * <p>Records the decoder read but could not accept ({@link RefusedRecord}: a path that is not a valid
 * relative path, say) are in {@code refused}, not in {@code files}. Together they are the update as sent:
 * their sequences are distinct and, merged, strictly increasing.
 *
 * @param indexId the sender's index ID this batch belongs to
 * @param files records as sent to peers (see {@link FileRecord#forPeer()})
 * @param refused records read but refused, in sequence order
 */
public record IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files,
    List<RefusedRecord> refused) implements Message {
  public IndexUpdate {
    Objects.requireNonNull(folder, "folder");
    files = List.copyOf(files);
    refused = List.copyOf(refused);
    int f = 0;
    int r = 0;
    long previous = -1;
    String previousPath = "";
    while (f < files.size() || r < refused.size()) {
      boolean takeFile = r == refused.size()
          || (f < files.size() && files.get(f).sequence() < refused.get(r).sequence());
      long sequence = takeFile ? files.get(f).sequence() : refused.get(r).sequence();
      String path = takeFile ? files.get(f++).path() : refused.get(r++).path();
      if (sequence <= previous) {
        throw new IllegalArgumentException(folder + ": records must be in increasing sequence order, "
            + sequence + " after " + previous + " (" + path + " after " + previousPath + ")");
      }
      previous = sequence;
      previousPath = path;
    }
  }

  /** An update without refused records (what a sender builds). */
  public IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files) {
    this(folder, indexId, full, files, List.of());
  }

  /** The highest sequence in the update, refused records included; -1 if it has none. */
  public long lastSequence() {
    long last = files.isEmpty() ? -1 : files.get(files.size() - 1).sequence();
    return refused.isEmpty() ? last : Math.max(last, refused.get(refused.size() - 1).sequence());
  }

  /** The lowest sequence in the update, refused records included; -1 if it has none. */
  public long firstSequence() {
    if (files.isEmpty()) {
      return refused.isEmpty() ? -1 : refused.get(0).sequence();
    }
    return refused.isEmpty() ? files.get(0).sequence() : Math.min(files.get(0).sequence(), refused.get(0).sequence());
  }
}
