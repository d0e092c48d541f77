package chorus.fsindex.store;

import chorus.core.model.FileRecord;

/** Test support: a folder's totals counted the slow way, over every record. */
public final class BruteForce {
  private BruteForce() {}

  public static FolderTotals totals(FolderIndex folder) {
    long[] t = new long[5];
    folder.forEach("", (FileRecord r) -> {
      if (r.deleted()) {
        t[4]++;
      } else {
        switch (r.type()) {
          case FILE -> {
            t[0]++;
            t[3] += r.size();
          }
          case DIRECTORY -> t[1]++;
          case SYMLINK -> t[2]++;
        }
      }
      return true;
    });
    return new FolderTotals(t[0], t[1], t[2], t[3], t[4]);
  }
}
