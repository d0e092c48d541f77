package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ChunkHint;
import chorus.fsindex.store.IndexedChunkSource;
import chorus.fsindex.store.RocksIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chunk source: the index's, over the folder roots of the config in force, serving a device
 * only the folders the config shares with it, and never a file under the device home (private key, API
 * key), even if a folder contains it. A reload that adds, moves or reshares a folder swaps in a source
 * with the new roots and sharing.
 */
final class FolderChunkSource implements ChunkSource {
  private static final Logger log = LoggerFactory.getLogger(FolderChunkSource.class);

  private final RocksIndex index;
  private final List<Path> neverServed;
  private final IndexedChunkSource.ChangeListener onChanged;
  private volatile ChunkSource current;

  /**
   * @param home the device home: nothing under its real path is served
   * @param onChanged told of a file found changed since it was indexed, so it gets rescanned
   */
  FolderChunkSource(RocksIndex index, ChorusConfig config, Path home, IndexedChunkSource.ChangeListener onChanged) {
    this.index = index;
    this.neverServed = List.of(realPath(home));
    this.onChanged = onChanged;
    update(config);
  }

  void update(ChorusConfig config) {
    Map<FolderId, Path> roots = new HashMap<>();
    Map<FolderId, Set<DeviceId>> sharing = new HashMap<>();
    for (FolderConfig f : config.folders()) {
      roots.put(f.id(), Path.of(f.path()));
      sharing.put(f.id(), Set.copyOf(f.sharedWith()));
    }
    current = new IndexedChunkSource(index, roots,
        (device, folder) -> sharing.getOrDefault(folder, Set.of()).contains(device), neverServed,
        (folder, path) -> {
          log.info("{}/{} changed since it was indexed; it is not served until rescanned", folder, path);
          onChanged.changed(folder, path);
        });
  }

  @Override
  public Status read(DeviceId requester, ChunkHash hash, int length, ChunkHint hint, ByteBuffer target)
      throws IOException {
    return current.read(requester, hash, length, hint, target);
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize(); // not there yet: nothing under it can be served either
    }
  }
}
