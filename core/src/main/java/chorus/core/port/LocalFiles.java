package chorus.core.port;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * This device's own view of its folders, read-only: where a folder lives and the records of its index.
 * The catalog bridge reads it to rebuild its per-host table and to fill in what a change-feed entry leaves
 * out (the mtime). Implementations are thread-safe.
 */
public interface LocalFiles {
  /** The folder's root on disk, or empty if it is not configured here. */
  Optional<Path> root(FolderId folder);

  /** This device's record of {@code path}, deleted ones included. */
  Optional<FileRecord> get(FolderId folder, String path);

  /** Every record of the folder (deleted ones too), in path order, until {@code visitor} returns false. */
  void forEach(FolderId folder, Predicate<FileRecord> visitor);
}
