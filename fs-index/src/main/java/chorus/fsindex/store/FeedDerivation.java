package chorus.fsindex.store;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.id.ChunkHash;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.fsindex.store.FeedEntryCodec.Draft;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link FolderIndex#updateAll} group adds to the change feed, derived from each change's record
 * before and the one stored:
 *
 * <ul>
 *   <li>nothing for a path left alone, a rewrite of local facts only (peers see nothing new either), or a
 *       tombstone of a path that was not live;
 *   <li>{@code CONFLICT_COPY} for a live record whose change says it is a conflict copy;
 *   <li>{@code ADDED} when the path was missing or deleted, {@code MODIFIED} when it was live, {@code
 *       DELETED} when a live path became a tombstone (with what the file held, so a consumer can match it);
 *   <li>a deleted file and an added file with the same content in the same group become one {@code
 *       RENAMED} entry for the new path. A rename whose halves land in different groups (the scanner groups
 *       whatever its writer finds waiting, up to 256 changes) shows as a deletion and an addition. Empty
 *       files are never paired: they all have the same content hash.
 * </ul>
 *
 * Stateless; the work per change is a few comparisons, and the rename pass runs only when a group holds
 * both a deleted and an added file.
 */
final class FeedDerivation {
  private FeedDerivation() {}

  /** {@code applied.get(i)} is what became of {@code changes.get(i)}. */
  static List<Draft> of(List<FolderIndex.Change> changes, List<FolderIndex.Applied> applied) {
    List<Draft> out = new ArrayList<>(applied.size());
    boolean deletedFile = false;
    boolean addedFile = false;
    for (int i = 0; i < applied.size(); i++) {
      Draft d = draft(applied.get(i), changes.get(i).origin());
      if (d != null) {
        out.add(d);
        deletedFile |= pairable(d, FeedAction.DELETED);
        addedFile |= pairable(d, FeedAction.ADDED);
      }
    }
    return deletedFile && addedFile ? pairRenames(out) : out;
  }

  static Draft draft(FolderIndex.Applied a, ChangeOrigin origin) {
    FileRecord before = a.before();
    FileRecord stored = a.stored();
    if (stored == null || a.localOnly()) {
      return null;
    }
    boolean wasLive = before != null && !before.deleted();
    if (stored.deleted()) {
      return wasLive ? new Draft(a.path(), FeedAction.DELETED, null, origin, before.type(), before.contentHash(),
          before.size()) : null;
    }
    FeedAction action = origin.conflictCopy() ? FeedAction.CONFLICT_COPY
        : wasLive ? FeedAction.MODIFIED : FeedAction.ADDED;
    return new Draft(a.path(), action, null, origin, stored.type(), stored.contentHash(), stored.size());
  }

  private static boolean pairable(Draft d, FeedAction action) {
    return d.action() == action && d.type() == FileType.FILE && d.contentHash() != null && d.size() > 0;
  }

  /** Each added file takes the first unpaired deleted file with its content; the deletion's entry goes. */
  private static List<Draft> pairRenames(List<Draft> drafts) {
    Map<ChunkHash, ArrayDeque<Integer>> deleted = new HashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      if (pairable(d, FeedAction.DELETED)) {
        deleted.computeIfAbsent(d.contentHash(), h -> new ArrayDeque<>()).add(i);
      }
    }
    Draft[] result = drafts.toArray(new Draft[0]);
    for (int i = 0; i < result.length; i++) {
      Draft d = result[i];
      if (d == null || !pairable(d, FeedAction.ADDED)) {
        continue;
      }
      ArrayDeque<Integer> candidates = deleted.get(d.contentHash());
      Integer from = candidates == null ? null : candidates.peek();
      if (from != null && !drafts.get(from).path().equals(d.path())) { // deleted and added again: not a rename
        candidates.poll();
        result[i] = new Draft(d.path(), FeedAction.RENAMED, drafts.get(from).path(), d.origin(), d.type(),
            d.contentHash(), d.size());
        result[from] = null;
      }
    }
    List<Draft> out = new ArrayList<>(result.length);
    for (Draft d : result) {
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }
}
