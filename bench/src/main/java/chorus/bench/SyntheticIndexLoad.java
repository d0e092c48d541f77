package chorus.bench;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.ContentHash;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.IndexChild;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An index at archive scale without the archive: writes FILES records of CHUNKS chunks each straight into
 * the index (one change batch per file, as a scan does), then times the index side of a no-change rescan:
 * per directory, the same {@code children()} read the scanner makes, compared with the stats the files
 * would have. Stat calls are not included (they are measured by the real scans).
 *
 * <p>Usage: {@code SyntheticIndexLoad write DIR FILES CHUNKS} then {@code SyntheticIndexLoad pass DIR FILES}.
 */
public final class SyntheticIndexLoad {
  private static final FolderId FOLDER = FolderId.of("synthetic");
  private static final ShortId ME = new ShortId(0x5eed_5eed_5eed_5eedL);
  private static final int PER_DIR = 1000;

  private SyntheticIndexLoad() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    int files = Integer.parseInt(args[2]);
    long start = System.nanoTime();
    try (RocksIndex index = RocksIndex.open(dir)) {
      FolderIndex folder = index.folder(FOLDER);
      if (args[0].equals("write")) {
        int chunks = Integer.parseInt(args[3]);
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] raw = new byte[32];
        for (int i = 0; i < files; i++) {
          List<ChunkRef> refs = new ArrayList<>(chunks);
          long offset = 0;
          for (int c = 0; c < chunks; c++) {
            rnd.nextBytes(raw);
            int length = 100_000 + rnd.nextInt(200_000);
            refs.add(new ChunkRef(offset, length, ChunkHash.ofBytes(raw)));
            offset += length;
          }
          folder.commit(new FileRecord(path(i), FileType.FILE, offset, mtime(i), 0644, 1_000_000L + i, 2049,
              mtime(i) + 1, false,
              VersionVector.EMPTY.update(ME, 1_800_000_000L), 0, ME, refs, ContentHash.of(refs), null));
          if (i % 100_000 == 0 && i > 0) {
            System.err.printf(Locale.ROOT, "  %d files, %.0f s%n", i, (System.nanoTime() - start) / 1e9);
          }
        }
        double wrote = (System.nanoTime() - start) / 1e9;
        index.compact();
        System.out.printf(Locale.ROOT, "wrote %d files x %d chunks in %.1f s, compacted in %.1f s; index %d bytes on disk%n",
            files, chunks, wrote, (System.nanoTime() - start) / 1e9 - wrote, index.sizeOnDisk());
      } else {
        long unchanged = 0;
        long mismatched = 0;
        for (int d = 0; d * PER_DIR < files; d++) {
          String dirName = dirOf(d * PER_DIR);
          for (IndexChild child : folder.children(dirName)) {
            int i = Integer.parseInt(child.name().substring(0, 7));
            if (child.stat() != null && child.stat().mtimeNs() == mtime(i) && child.stat().inode() == 1_000_000L + i) {
              unchanged++;
            } else {
              mismatched++;
            }
          }
        }
        System.out.printf(Locale.ROOT, "no-change pass over %d records (%d mismatched) in %.2f s; index %d bytes%n",
            unchanged, mismatched, (System.nanoTime() - start) / 1e9, index.sizeOnDisk());
      }
    }
  }

  static String dirOf(int i) {
    return String.format(Locale.ROOT, "Artist %04d/Album %02d", i / (PER_DIR * 10), (i / PER_DIR) % 10);
  }

  static String path(int i) {
    return dirOf(i) + String.format(Locale.ROOT, "/%07d Some Track Title.flac", i);
  }

  static long mtime(int i) {
    return 1_700_000_000_000_000_000L + i * 1_000_003L;
  }
}
