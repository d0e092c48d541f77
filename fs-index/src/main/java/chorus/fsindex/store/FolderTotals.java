package chorus.fsindex.store;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import java.util.List;

/**
 * What this device's records of one folder add up to: live files, directories and symlinks, the bytes of
 * the live files, and tombstones (records of deleted paths). {@link FolderIndex} keeps it current in the
 * same write as every change, so it is live after a partial rescan, not only after a full one.
 */
public record FolderTotals(long files, long directories, long symlinks, long bytes, long tombstones) {
  public static final FolderTotals EMPTY = new FolderTotals(0, 0, 0, 0, 0);

  /** Bytes of the stored form: five u64. */
  static final int ENCODED_LENGTH = 40;

  public FolderTotals {
    if (files < 0 || directories < 0 || symlinks < 0 || bytes < 0 || tombstones < 0) {
      throw new IllegalArgumentException("folder totals must be >= 0: " + files + " files, " + directories
          + " directories, " + symlinks + " symlinks, " + bytes + " bytes, " + tombstones + " tombstones");
    }
  }

  /** These totals after {@code before} (null if the path had no record) became {@code after}. */
  FolderTotals replace(FileRecord before, FileRecord after) {
    long[] t = {files, directories, symlinks, bytes, tombstones};
    if (before != null) {
      add(t, before.deleted(), before.type(), before.size(), -1);
    }
    if (after != null) {
      add(t, after.deleted(), after.type(), after.size(), 1);
    }
    return new FolderTotals(t[0], t[1], t[2], t[3], t[4]);
  }

  /** These totals after the stored changes among {@code changes}, in order. */
  FolderTotals after(List<FolderIndex.Applied> changes) {
    FolderTotals t = this;
    for (FolderIndex.Applied a : changes) {
      if (a.stored() != null) {
        t = t.replace(a.before(), a.stored());
      }
    }
    return t;
  }

  /** These totals with one more stored record. */
  FolderTotals plus(StoredStat r) {
    long[] t = {files, directories, symlinks, bytes, tombstones};
    add(t, r.deleted(), r.type(), r.size(), 1);
    return new FolderTotals(t[0], t[1], t[2], t[3], t[4]);
  }

  private static void add(long[] t, boolean deleted, FileType type, long size, int sign) {
    if (deleted) {
      t[4] += sign;
      return;
    }
    switch (type) {
      case FILE -> {
        t[0] += sign;
        t[3] += sign * size;
      }
      case DIRECTORY -> t[1] += sign;
      case SYMLINK -> t[2] += sign;
    }
  }

  byte[] encode() {
    return new ByteWriter(ENCODED_LENGTH).u64(files).u64(directories).u64(symlinks).u64(bytes).u64(tombstones)
        .toBytes();
  }

  /** The stored form, or null if {@code value} is not one (the totals are then counted again). */
  static FolderTotals decode(byte[] value) {
    if (value == null || value.length != ENCODED_LENGTH) {
      return null;
    }
    long[] t = new long[5];
    for (int i = 0; i < 5; i++) {
      t[i] = KeySchema.getU64(value, 8 * i);
      if (t[i] < 0) {
        return null;
      }
    }
    return new FolderTotals(t[0], t[1], t[2], t[3], t[4]);
  }
}
