package chorus.transport.api;

import chorus.core.id.FolderId;
import java.io.IOException;

/**
 * What scripts and monitoring ask of one folder through the local API. Implemented by the daemon;
 * unknown folders are a 404 ({@link ApiException}).
 */
public interface FolderControl {
  /** {@code GET /rest/folder/status?folder=ID}: the folder's line of {@code /rest/status}. */
  StatusReport.Folder folder(FolderId folder) throws ApiException, IOException;

  /**
   * {@code POST /rest/folder/rescan?folder=ID[&path=P]}: scans the folder (or the subtree P) and answers
   * when that scan has finished, with what it found.
   */
  RescanResult rescan(FolderId folder, String path) throws ApiException, IOException, InterruptedException;

  /** {@code POST /rest/folder/override?folder=ID}: a send-only folder's state becomes the cluster's. */
  SettleResult override(FolderId folder) throws ApiException, IOException;

  /** {@code POST /rest/folder/revert?folder=ID}: a receive-only folder's local changes are undone. */
  SettleResult revert(FolderId folder) throws ApiException, IOException;

  /** What a rescan found. */
  record RescanResult(String folder, String path, long added, long changed, long deleted, long problems,
      long millis) {}

  /** How many records an override or a revert wrote. */
  record SettleResult(String folder, int records) {}
}
