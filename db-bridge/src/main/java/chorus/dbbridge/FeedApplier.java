package chorus.dbbridge;

import chorus.dbbridge.link.SongLinks;
import chorus.dbbridge.state.FileFacts;
import chorus.dbbridge.state.FileStates;
import chorus.dbbridge.state.Md5;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.port.LocalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a page of change-feed entries of the linked folder to the per-host table, in the caller's
 * transaction (the last entry of a path within the page decides): files that are here are upserted with what the index says now, files that went are marked,
 * a rename made on this host points the song rows at the new path, and every touched path is linked
 * to its song again. A rename received from a peer only changes the per-host table: the song rows come
 * from the origin's database, through Bucardo.
 */
final class FeedApplier {
  private final FolderId folder;
  private final LocalFiles local;
  private final SongLinks links;

  FeedApplier(FolderId folder, LocalFiles local, SongLinks links) {
    this.folder = folder;
    this.local = local;
    this.links = links;
  }

  /** What a page did. */
  record Applied(Set<String> present, int songRowsRenamed) {}

  Applied apply(Connection c, List<FeedEntry> entries) throws SQLException {
    // The last word on each path wins within the page: a file added then deleted is gone.
    Map<String, Boolean> last = new HashMap<>(); // path -> here now?
    List<FeedEntry> renamesHere = new ArrayList<>();
    Set<String> touchedHere = new HashSet<>();
    for (FeedEntry e : entries) {
      if (!e.folder().equals(folder) || e.type() != FileType.FILE || !FileFacts.archivePath(e.path())) {
        continue;
      }
      if (e.action() == FeedAction.RENAMED) {
        last.put(e.renamedFrom(), false);
        if (e.origin().isLocal()) {
          renamesHere.add(e);
        }
      }
      last.put(e.path(), e.action() != FeedAction.DELETED);
      if (e.origin().isLocal()) {
        touchedHere.add(e.path());
        if (e.renamedFrom() != null) {
          touchedHere.add(e.renamedFrom());
        }
      }
    }
    String f = folder.toString();
    Path root = local.root(folder).orElse(null);
    List<FileFacts> here = new ArrayList<>();
    Set<String> gone = new HashSet<>();
    for (Map.Entry<String, Boolean> each : last.entrySet()) {
      Optional<FileRecord> now = each.getValue() ? local.get(folder, each.getKey()) : Optional.empty();
      if (now.isPresent() && FileFacts.describes(now.get())) {
        FileRecord r = now.get();
        here.add(FileFacts.of(r, links.hasChecksums() && root != null ? Md5.of(root, r.path()) : null));
      } else {
        gone.add(each.getKey());
      }
    }
    int renamed = 0;
    for (FeedEntry e : renamesHere) {
      renamed += links.renamedHere(c, e.renamedFrom(), e.path());
    }
    FileStates.upsert(c, f, here);
    FileStates.gone(c, f, gone);
    Set<String> touched = new HashSet<>(last.keySet());
    // A move the watcher saw as a deletion and an addition (in either order, in this page or across pages)
    // is still a rename made here: the content that went missing from a song's path is present elsewhere.
    for (String[] move : FileStates.movesHere(c, f, touchedHere)) {
      renamed += links.renamedHere(c, move[0], move[1]);
      touched.add(move[0]);
      touched.add(move[1]);
    }
    FileStates.link(c, f, touched, links.byPaths(c, touched));
    Set<String> present = new HashSet<>();
    for (FileFacts ff : here) {
      present.add(ff.path());
    }
    return new Applied(present, renamed);
  }
}
