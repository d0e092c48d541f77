package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.sync.IndexMark;

/**
 * How far the indexes go, for the ClusterConfig sent to each peer: this device's index ID and highest
 * sequence per folder, and how much of each peer's index it holds. The daemon gives the node its
 * index exchange's marks ({@code chorus.cli.daemon.IndexMarks}); {@link #NONE}, the builder's default,
 * announces empty indexes (index ID 0, sequence 0) for a node without an index.
 */
public interface IndexProgress {
  /** A node without an index: nothing indexed, nothing held. */
  IndexProgress NONE = new IndexProgress() {
    @Override
    public IndexMark local(FolderId folder) {
      return IndexMark.NONE;
    }

    @Override
    public IndexMark heldOf(FolderId folder, DeviceId peer) {
      return IndexMark.NONE;
    }
  };

  /** This device's index of {@code folder}. */
  IndexMark local(FolderId folder);

  /** The index of {@code peer} for {@code folder}, as far as this device holds it. */
  IndexMark heldOf(FolderId folder, DeviceId peer);
}
