package chorus.cli.daemon;

import chorus.cli.engine.FolderSyncs;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import java.util.List;

/** Hands what the exchange stored to the sync engine. */
final class EngineHook implements IndexSync.PeerRecordsHook {
  private final FolderSyncs engine;

  EngineHook(FolderSyncs engine) {
    this.engine = engine;
  }

  @Override
  public void stored(FolderId folder, List<FileRecord> records, boolean replace) {
    engine.peerStored(folder, records, replace);
  }

  @Override
  public void cleared(FolderId folder) {
    engine.peerCleared(folder);
  }
}
