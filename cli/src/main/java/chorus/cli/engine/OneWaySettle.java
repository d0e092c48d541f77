package chorus.cli.engine;

import chorus.core.config.FolderConfig;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.sync.NeedTracker;
import chorus.fsindex.pull.Archiver;
import chorus.fsindex.store.FolderIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two commands that settle a one-way folder's differences with the cluster. Both only write index
 * records (and, for revert, move local files into the versions area); the exchange and the engine do the
 * rest, here and on the peers.
 */
final class OneWaySettle {
  private static final Logger log = LoggerFactory.getLogger(OneWaySettle.class);

  private final FolderIndex index;
  private final NeedTracker tracker;
  private final EngineContext ctx;

  OneWaySettle(FolderIndex index, NeedTracker tracker, EngineContext ctx) {
    this.index = index;
    this.tracker = tracker;
    this.ctx = ctx;
  }

  /**
   * Send-only override: every path where the cluster differs gets a version of ours greater than the
   * cluster's, holding our data (or, where we have nothing, a deletion), so every peer takes ours.
   */
  int overrideAll() {
    ShortId me = ctx.self().shortId();
    long now = ctx.clock().instant().getEpochSecond();
    List<FolderIndex.Change> changes = new ArrayList<>();
    for (NeedTracker.Item item : tracker.needed()) {
      FileRecord global = item.resolution().target();
      changes.add(new FolderIndex.Change(item.path(), ours -> {
        VersionVector v = global.version().merge(ours == null ? VersionVector.EMPTY : ours.version()).update(me, now);
        if (ours == null) {
          return new FileRecord(item.path(), global.type(), 0, global.mtimeNs(), global.permissions(), 0, 0, 0, true,
              v, 0, me, List.of(), null, null);
        }
        return new FileRecord(ours.path(), ours.type(), ours.size(), ours.mtimeNs(), ours.permissions(), ours.inode(),
            ours.deviceNo(), ours.ctimeNs(), ours.deleted(), v, 0, me, ours.chunks(), ours.contentHash(),
            ours.symlinkTarget());
      }));
    }
    return commit(changes, "override");
  }

  /**
   * Receive-only revert: every local change is undone. The local file is moved into the versions area
   * (local additions are kept there too) and our record becomes a deletion older than anything, so the
   * cluster's version, where there is one, is pulled back.
   */
  int revertAll(Archiver keep, FolderConfig folder) {
    ShortId me = ctx.self().shortId();
    List<FileRecord> local = new ArrayList<>();
    index.forEach("", r -> {
      if (r.modifiedBy().equals(me) && !r.version().isEmpty()) {
        local.add(r);
      }
      return true;
    });
    List<FolderIndex.Change> changes = new ArrayList<>();
    for (FileRecord r : local) {
      if (r.type() == FileType.DIRECTORY && !r.deleted()) {
        continue; // a directory holds nothing of its own; what is in it is reverted path by path
      }
      if (!r.deleted()) {
        try {
          keep.archive(r.path());
        } catch (IOException e) {
          log.warn("folder {}: revert: {} cannot be moved into the versions area, so it is left as it is: {}",
              folder.id(), r.path(), e.getMessage());
          continue;
        }
      }
      long seen = r.sequence();
      changes.add(new FolderIndex.Change(r.path(), ours -> ours == null || ours.sequence() != seen ? null
          : new FileRecord(r.path(), r.type(), 0, r.mtimeNs(), r.permissions(), 0, 0, 0, true, VersionVector.EMPTY, 0,
              me, List.of(), null, null)));
    }
    return commit(changes, "revert");
  }

  private int commit(List<FolderIndex.Change> changes, String what) {
    if (changes.isEmpty()) {
      return 0;
    }
    int n = 0;
    for (FolderIndex.Applied a : index.updateAll(changes)) {
      if (a.stored() != null) {
        n++;
      }
    }
    index.sync();
    ctx.synced().accept(index.id(), index.lastSequence());
    log.info("folder {}: {} wrote {} record(s)", index.id(), what, n);
    return n;
  }
}
