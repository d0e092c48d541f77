package chorus.cli.engine;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.fsindex.version.Versioner;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link FolderSync} of every configured folder, kept in line with the config: a new folder starts,
 * a removed one stops, one whose path, type or sharing changed restarts (its need is decided afresh).
 */
public final class FolderSyncs implements AutoCloseable {
  private final EngineContext ctx;
  private final Function<FolderConfig, Versioner> versioners;
  private final Map<FolderId, FolderSync> syncs = new HashMap<>();
  private boolean closed;

  /** @param versioners the versioning of a folder, as its config says */
  public FolderSyncs(EngineContext ctx, Function<FolderConfig, Versioner> versioners) {
    this.ctx = ctx;
    this.versioners = versioners;
  }

  public synchronized void apply(ChorusConfig config) {
    if (closed) {
      return;
    }
    Map<FolderId, FolderConfig> wanted = new HashMap<>();
    for (FolderConfig f : config.folders()) {
      wanted.put(f.id(), f);
    }
    for (FolderId id : List.copyOf(syncs.keySet())) {
      FolderConfig now = wanted.get(id);
      if (now == null || !now.equals(syncs.get(id).folder())) {
        syncs.remove(id).close();
      }
    }
    for (FolderConfig f : config.folders()) {
      if (!syncs.containsKey(f.id())) {
        FolderSync s = new FolderSync(f, ctx.index().folder(f.id()), ctx, versioners.apply(f));
        syncs.put(f.id(), s);
        s.start();
      }
    }
  }

  public synchronized Optional<FolderSync> get(FolderId folder) {
    return Optional.ofNullable(syncs.get(folder));
  }

  public void peerStored(FolderId folder, Collection<FileRecord> records, boolean replace) {
    get(folder).ifPresent(s -> s.peerStored(records, replace));
  }

  public void peerCleared(FolderId folder) {
    get(folder).ifPresent(FolderSync::decideAllAgain);
  }

  /** A peer connected: what failed for want of a source may work now. */
  public synchronized void retryAll() {
    syncs.values().forEach(FolderSync::retryNow);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    syncs.values().forEach(FolderSync::close);
    syncs.clear();
  }
}
