package chorus.core.protocol;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * File records of the sender's index for one folder, in increasing sequence order. A batch with
 * {@code full} set starts a full index: the receiver forgets what it held of the sender for this folder.
 * A large index is sent as several batches, only the first of which is {@code full}.
 *
 * <p>Records the decoder read but could not accept ({@link RefusedRecord}: a path that is not a valid
 * relative path, say) are in {@code refused}, not in {@code files}. Together they are the update as sent:
 * their sequences are distinct and, merged, strictly increasing. Live files the receiver already holds may
 * go without their chunk lists ({@link ReferencedRecord}, in {@code references}); they take part in the
 * same order.
 *
 * @param indexId the sender's index ID this batch belongs to
 * @param files records as sent to peers (see {@link FileRecord#forPeer()})
 * @param refused records read but refused, in sequence order
 * @param references live files sent without their chunk lists, in sequence order
 */
public record IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files,
    List<RefusedRecord> refused, List<ReferencedRecord> references) implements Message {
  public IndexUpdate {
    Objects.requireNonNull(folder, "folder");
    files = List.copyOf(files);
    refused = List.copyOf(refused);
    references = List.copyOf(references);
    long[] all = new long[files.size() + refused.size() + references.size()];
    int n = 0;
    n = increasing(folder, "files", files.stream().mapToLong(FileRecord::sequence).toArray(), all, n);
    n = increasing(folder, "refused", refused.stream().mapToLong(RefusedRecord::sequence).toArray(), all, n);
    increasing(folder, "references", references.stream().mapToLong(ReferencedRecord::sequence).toArray(), all, n);
    Arrays.sort(all);
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1]) {
        throw new IllegalArgumentException(folder + ": two records with sequence " + all[i]);
      }
    }
  }

  /** An update without records by reference (what the decoder of an older form, and tests, build). */
  public IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files, List<RefusedRecord> refused) {
    this(folder, indexId, full, files, refused, List.of());
  }

  /** An update without refused records or references. */
  public IndexUpdate(FolderId folder, long indexId, boolean full, List<FileRecord> files) {
    this(folder, indexId, full, files, List.of(), List.of());
  }

  private static int increasing(FolderId folder, String list, long[] sequences, long[] all, int at) {
    for (int i = 0; i < sequences.length; i++) {
      if (i > 0 && sequences[i] <= sequences[i - 1]) {
        throw new IllegalArgumentException(folder + ": records must be in increasing sequence order, "
            + sequences[i] + " after " + sequences[i - 1] + " in " + list);
      }
      all[at + i] = sequences[i];
    }
    return at + sequences.length;
  }

  /** Every record of the update in the order sent: {@link FileRecord}, {@link RefusedRecord} or {@link ReferencedRecord}. */
  public List<Object> inSequenceOrder() {
    List<Object> out = new ArrayList<>(files.size() + refused.size() + references.size());
    out.addAll(files);
    out.addAll(refused);
    out.addAll(references);
    out.sort(Comparator.comparingLong(IndexUpdate::sequenceOf));
    return out;
  }

  /** The sequence of an element of {@link #inSequenceOrder()}. */
  public static long sequenceOf(Object record) {
    if (record instanceof FileRecord f) {
      return f.sequence();
    } else if (record instanceof RefusedRecord r) {
      return r.sequence();
    }
    return ((ReferencedRecord) record).sequence();
  }

  /** The path of an element of {@link #inSequenceOrder()} (a refused one's as printed). */
  public static String pathOf(Object record) {
    if (record instanceof FileRecord f) {
      return f.path();
    } else if (record instanceof RefusedRecord r) {
      return r.path();
    }
    return ((ReferencedRecord) record).path();
  }

  /** How many records the update carries, refused ones and references included. */
  public int recordCount() {
    return files.size() + refused.size() + references.size();
  }

  /** The highest sequence in the update, refused records and references included; -1 if it has none. */
  public long lastSequence() {
    long last = files.isEmpty() ? -1 : files.get(files.size() - 1).sequence();
    last = refused.isEmpty() ? last : Math.max(last, refused.get(refused.size() - 1).sequence());
    return references.isEmpty() ? last : Math.max(last, references.get(references.size() - 1).sequence());
  }

  /** The lowest sequence in the update, refused records and references included; -1 if it has none. */
  public long firstSequence() {
    long first = Long.MAX_VALUE;
    first = files.isEmpty() ? first : Math.min(first, files.get(0).sequence());
    first = refused.isEmpty() ? first : Math.min(first, refused.get(0).sequence());
    first = references.isEmpty() ? first : Math.min(first, references.get(0).sequence());
    return first == Long.MAX_VALUE ? -1 : first;
  }
}
