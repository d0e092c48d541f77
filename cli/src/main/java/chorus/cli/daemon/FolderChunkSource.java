package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.port.ChunkSource;
import chorus.fsindex.store.IndexedChunkSource;
import chorus.fsindex.store.RocksIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chunk source: the index's, over the folder roots of the config in force. A reload that
 * adds or moves a folder swaps in a source with the new roots.
 */
final class FolderChunkSource implements ChunkSource {
  private static final Logger log = LoggerFactory.getLogger(FolderChunkSource.class);

  private final RocksIndex index;
  private final IndexedChunkSource.ChangeListener onChanged;
  private volatile ChunkSource current;

  /** @param onChanged told of a file found changed since it was indexed, so it gets rescanned */
  FolderChunkSource(RocksIndex index, ChorusConfig config, IndexedChunkSource.ChangeListener onChanged) {
    this.index = index;
    this.onChanged = onChanged;
    update(config);
  }

  void update(ChorusConfig config) {
    Map<FolderId, Path> roots = new HashMap<>();
    for (FolderConfig f : config.folders()) {
      roots.put(f.id(), Path.of(f.path()));
    }
    current = new IndexedChunkSource(index, roots, (folder, path) -> {
      log.info("{}/{} changed since it was indexed; it is not served until rescanned", folder, path);
      onChanged.changed(folder, path);
    });
  }

  @Override
  public Status read(ChunkHash hash, int length, ByteBuffer target) throws IOException {
    return current.read(hash, length, target);
  }
}
