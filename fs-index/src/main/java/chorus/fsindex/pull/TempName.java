package chorus.fsindex.pull;

import chorus.core.id.ChunkHash;
import chorus.core.model.RelativePath;
import chorus.fsindex.scan.InternalFiles;
import java.nio.charset.StandardCharsets;

/**
 * The temp file a pull writes into, in the target's own directory (so the final rename is atomic and
 * stays on one file system): {@code .chorus-tmp.<name>.<content hash prefix>}. The content hash is part
 * of the name, so a pull that resumes after a restart finds the chunks it already wrote for the same
 * version, and never mixes in those of another. Names too long for the file system use a hash of the name.
 */
final class TempName {
  private static final int MAX_NAME_BYTES = 255;

  private TempName() {}

  static String of(String path, ChunkHash content) {
    String name = RelativePath.name(path);
    String suffix = "." + content.toString().substring(0, 16);
    String candidate = InternalFiles.TEMP_PREFIX + name + suffix;
    if (candidate.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      String digest = java.util.HexFormat.of().formatHex(chorus.core.id.Sha256.of(name.getBytes(StandardCharsets.UTF_8)), 0, 16);
      candidate = InternalFiles.TEMP_PREFIX + digest + suffix;
    }
    String dir = RelativePath.parent(path);
    return dir.isEmpty() ? candidate : dir + "/" + candidate;
  }

  /** The temp name for a symlink or another short-lived entry made beside {@code path}. */
  static String scratch(String path, String what) {
    String dir = RelativePath.parent(path);
    String name = InternalFiles.TEMP_PREFIX + what + "." + Long.toHexString(System.nanoTime());
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
