package chorus.dbbridge;

import chorus.core.id.FolderId;
import chorus.core.port.PullPriority;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paths the catalog lists and this host lacks, in memory, as the sync engine's pull priority: those
 * files are pulled before any other. Filled from the per-host table's pending rows when the bridge
 * connects and kept as song rows and files arrive.
 */
final class PendingPaths implements PullPriority {
  private final FolderId folder;
  private final Set<String> paths = ConcurrentHashMap.newKeySet();

  PendingPaths(FolderId folder) {
    this.folder = folder;
  }

  @Override
  public boolean urgent(FolderId f, String path) {
    return folder.equals(f) && paths.contains(path);
  }

  void replaceAll(Collection<String> now) {
    paths.retainAll(now);
    paths.addAll(now);
  }

  void addAll(Collection<String> more) {
    paths.addAll(more);
  }

  void removeAll(Collection<String> arrived) {
    paths.removeAll(arrived);
  }

  int size() {
    return paths.size();
  }
}
