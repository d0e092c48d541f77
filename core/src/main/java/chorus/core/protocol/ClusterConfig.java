package chorus.core.protocol;

import chorus.core.config.FolderType;
import chorus.core.id.FolderId;
import java.util.List;
import java.util.Objects;

/**
 * The folders the sender shares with the receiver, sent after Hello and again whenever they change.
 * For each folder it says how far the sender's own index goes and how far it holds the receiver's, so a
 * reconnect resumes with deltas instead of whole indexes.
 *
 * @param catalog the sender's catalog database (URL and user, never a password), or null when it has none
 *     configured: the host running Bucardo learns every database from it
 */
public record ClusterConfig(List<SharedFolder> folders, CatalogAddress catalog) implements Message {
  public ClusterConfig {
    folders = List.copyOf(folders);
  }

  /** Without a catalog address. */
  public ClusterConfig(List<SharedFolder> folders) {
    this(folders, null);
  }

  /**
   * One shared folder.
   *
   * @param type the sender's folder type (a receive-only sender will not send changes)
   * @param indexId the sender's index ID for this folder: a new random value whenever the sender's index
   *     starts over, so the receiver knows its sequence bookmark is void
   * @param maxSequence the sender's highest sequence in this folder
   * @param peerIndexId the receiver's index ID as the sender last saw it (0 if never)
   * @param peerMaxSequence the receiver's highest sequence the sender holds (0 if none): the receiver
   *     sends records above it, or everything if {@code peerIndexId} is not its current index ID
   */
  public record SharedFolder(
      FolderId folder, FolderType type, long indexId, long maxSequence, long peerIndexId, long peerMaxSequence) {
    public SharedFolder {
      Objects.requireNonNull(folder, "folder");
      Objects.requireNonNull(type, "type");
      if (maxSequence < 0 || peerMaxSequence < 0) {
        throw new IllegalArgumentException(folder + ": sequences must be >= 0");
      }
    }
  }
}
