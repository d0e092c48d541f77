package chorus.bench;

import chorus.fsindex.store.RocksIndex;
import java.nio.file.Path;

/**
 * {@code IndexTool compact DIR}: compacts an index and prints its size on disk in bytes (the settled size
 * after a first scan). {@code IndexTool size DIR}: prints the size only.
 */
public final class IndexTool {
  private IndexTool() {}

  public static void main(String[] args) {
    try (RocksIndex index = RocksIndex.open(Path.of(args[1]))) {
      if (args[0].equals("compact")) {
        index.compact();
      }
      System.out.println(index.sizeOnDisk());
    }
  }
}
