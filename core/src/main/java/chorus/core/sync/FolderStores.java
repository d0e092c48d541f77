package chorus.core.sync;

import chorus.core.id.FolderId;
import java.util.Optional;

/** Finds the index of a folder, if this device has one. */
@FunctionalInterface
public interface FolderStores {
  Optional<FolderStore> find(FolderId folder);
}
