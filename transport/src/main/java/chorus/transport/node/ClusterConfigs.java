package chorus.transport.node;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.DeviceId;
import chorus.core.protocol.CatalogAddress;
import chorus.core.protocol.ClusterConfig;
import chorus.core.sync.IndexMark;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the ClusterConfig for a peer: the folders the config shares with it, with index marks, and this
 * device's catalog address.
 */
final class ClusterConfigs {
  private ClusterConfigs() {}

  static ClusterConfig forPeer(ChorusConfig config, DeviceId peer, IndexProgress progress) {
    List<ClusterConfig.SharedFolder> folders = new ArrayList<>();
    for (FolderConfig f : sharedWith(config, peer)) {
      IndexMark ours = progress.local(f.id());
      IndexMark theirs = progress.heldOf(f.id(), peer);
      folders.add(new ClusterConfig.SharedFolder(
          f.id(), f.type(), ours.indexId(), ours.sequence(), theirs.indexId(), theirs.sequence()));
    }
    return new ClusterConfig(folders, catalogOf(config));
  }

  /**
   * The catalog address this device announces: its URL without parameters and its user, never a password;
   * null when none is configured or the URL is not one a peer would accept.
   */
  static CatalogAddress catalogOf(ChorusConfig config) {
    if (config.catalog() == null) {
      return null;
    }
    try {
      return CatalogAddress.of(config.catalog().jdbcUrl(), config.catalog().user());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The folders shared with {@code peer}, in config order. */
  static List<FolderConfig> sharedWith(ChorusConfig config, DeviceId peer) {
    List<FolderConfig> out = new ArrayList<>();
    for (FolderConfig f : config.folders()) {
      if (f.sharedWith().contains(peer)) {
        out.add(f);
      }
    }
    return out;
  }

  /** True if the folders (and their types) shared with {@code peer} differ between two configs. */
  static boolean sharingChanged(ChorusConfig before, ChorusConfig after, DeviceId peer) {
    List<String> a = new ArrayList<>();
    for (FolderConfig f : sharedWith(before, peer)) {
      a.add(f.id() + ":" + f.type());
    }
    List<String> b = new ArrayList<>();
    for (FolderConfig f : sharedWith(after, peer)) {
      b.add(f.id() + ":" + f.type());
    }
    return !a.equals(b) || !java.util.Objects.equals(catalogOf(before), catalogOf(after));
  }
}
