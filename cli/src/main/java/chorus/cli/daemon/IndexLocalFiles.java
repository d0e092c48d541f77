package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.port.LocalFiles;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@link LocalFiles} over the daemon's index and its current config (where each folder lives). */
final class IndexLocalFiles implements LocalFiles {
  private final RocksIndex index;
  private final Supplier<ChorusConfig> config;

  IndexLocalFiles(RocksIndex index, Supplier<ChorusConfig> config) {
    this.index = index;
    this.config = config;
  }

  @Override
  public Optional<Path> root(FolderId folder) {
    return config.get().folder(folder).map(f -> Path.of(f.path()));
  }

  @Override
  public Optional<FileRecord> get(FolderId folder, String path) {
    return index.findFolder(folder).flatMap(f -> f.get(path));
  }

  @Override
  public void forEach(FolderId folder, Predicate<FileRecord> visitor) {
    index.findFolder(folder).ifPresent(f -> f.forEach("", visitor));
  }
}
