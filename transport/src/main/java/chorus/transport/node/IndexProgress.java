package chorus.transport.node;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;

/**
 * How far the indexes go, for the ClusterConfig sent to each peer: this device's index ID and highest
 * sequence per folder, and how much of each peer's index it holds. The daemon gives the node its
 * index exchange's marks ({@code chorus.cli.daemon.IndexMarks}); {@link #NONE}, the builder's default,
 * announces empty indexes (index ID 0, sequence 0) for a node without an index.
 */
public interface IndexProgress {
  /** An index ID and the highest sequence reached in it. */
  record Mark(long indexId, long maxSequence) {
    public static final Mark NONE = new Mark(0, 0);

    public Mark {
      if (maxSequence < 0) {
        throw new IllegalArgumentException("maxSequence must be >= 0, got " + maxSequence);
      }
    }
  }

  /** A node without an index: nothing indexed, nothing held. */
  IndexProgress NONE = new IndexProgress() {
    @Override
    public Mark local(FolderId folder) {
      return Mark.NONE;
    }

    @Override
    public Mark heldOf(FolderId folder, DeviceId peer) {
      return Mark.NONE;
    }
  };

  /** This device's index of {@code folder}. */
  Mark local(FolderId folder);

  /** The index of {@code peer} for {@code folder}, as far as this device holds it. */
  Mark heldOf(FolderId folder, DeviceId peer);
}
