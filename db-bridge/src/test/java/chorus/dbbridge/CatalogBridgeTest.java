package chorus.dbbridge;

import static chorus.dbbridge.BridgeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.feed.ChangeOrigin;
import chorus.core.id.DeviceId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The bridge against a real PostgreSQL 15, with the file-path rule ({@code songs.file_path}). */
class CatalogBridgeTest extends BridgeTest {
  static final ChangeOrigin PEER = ChangeOrigin.fromPeer(DeviceId.ofBytes(new byte[] {
      7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void firstLinkMarksPresentPendingAndUnlinkedFilesThenFollowsTheFeed() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      f.execute("INSERT INTO songs (id, title, file_path) VALUES (1, 'one', 'a/one.flac'), (2, 'two', 'a/two.flac')");
      f.folder.seed("a/one.flac", bytes("one"));
      f.folder.seed("cover.jpg", bytes("jpeg"));
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);
      assertEquals("present:1", f.state("a/one.flac"));
      assertEquals("pending:2", f.state("a/two.flac"));
      assertEquals("present:-", f.state("cover.jpg"));
      assertTrue(b.priority().urgent(f.folder.id(), "a/two.flac"), "a pending file is pulled first");

      f.folder.write("a/two.flac", bytes("two"), PEER); // the engine pulled it
      await("pending file present", () -> "present:2".equals(f.state("a/two.flac")));
      assertFalse(b.priority().urgent(f.folder.id(), "a/two.flac"));

      String copy = "a/two.sync-conflict-20261202-101500-ABCDEFG.flac";
      f.folder.write(copy, bytes("two, the loser's edit"), ChangeOrigin.LOCAL_CONFLICT_COPY);
      await("conflict copy recorded as such", () -> "conflict:-".equals(f.state(copy)));

      f.folder.delete("a/one.flac", ChangeOrigin.LOCAL);
      f.folder.delete("cover.jpg", ChangeOrigin.LOCAL);
      await("deleted file missing", () -> "missing:1".equals(f.state("a/one.flac")));
      await("unlinked file's row gone", () -> f.state("cover.jpg") == null);
      assertEquals("2", f.query("SELECT count(*) FROM songs"), "chorus never deletes a song row");
      assertEquals(f.folder.latest(), Long.parseLong(f.query("SELECT feed_seq FROM chorus.bridge_position")));
      await("caught up", () -> b.status().lagEntries() == 0 && b.status().lagMillis() == 0);
    }
  }

  @Test
  void aRenameMadeHereMovesTheSongRowOneReceivedFromAPeerDoesNot() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      f.execute("INSERT INTO songs (id, title, file_path, updated_at) VALUES"
          + " (1, 'one', 'one.flac', '2020-01-01'), (2, 'two', 'two.flac', '2020-01-01')");
      f.folder.seed("one.flac", bytes("one"));
      f.folder.seed("two.flac", bytes("two"));
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);

      f.folder.rename("one.flac", "renamed/one.flac", ChangeOrigin.LOCAL);
      await("song row follows the local rename", () -> "renamed/one.flac".equals(f.query("SELECT file_path FROM songs WHERE id = 1")));
      assertTrue(f.query("SELECT updated_at > '2020-01-02' FROM songs WHERE id = 1").equals("t"),
          "updated_at moves, so a newest-wins conflict rule keeps the rename");
      await("renamed file linked", () -> "present:1".equals(f.state("renamed/one.flac")));
      await("old path row gone", () -> f.state("one.flac") == null);

      f.folder.rename("two.flac", "moved/two.flac", PEER);
      await("peer rename applied", () -> "present:-".equals(f.state("moved/two.flac")));
      assertEquals("two.flac", f.query("SELECT file_path FROM songs WHERE id = 2"),
          "a received rename leaves the replicated row to Bucardo");
      assertEquals("missing:2", f.state("two.flac"));

      // Bucardo brings the origin's update of the row: the song moves to the new path.
      pg.executeAsReplica(f.db, "DELETE FROM songs WHERE id = 2",
          "INSERT INTO songs (id, title, file_path) VALUES (2, 'two', 'moved/two.flac')");
      await("song relinked after its row arrived", () -> "present:2".equals(f.state("moved/two.flac")));
      await("stale row dropped", () -> f.state("two.flac") == null);
    }
  }

  @Test
  void aMoveSeenAsADeletionAndAnAdditionIsStillARenameMadeHere() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      f.execute("INSERT INTO songs (id, title, file_path) VALUES (1, 'one', 'one.flac'), (2, 'two', 'two.flac')");
      f.folder.seed("one.flac", bytes("one"));
      f.folder.seed("two.flac", bytes("two"));
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);
      // Deletion first, then the addition (the watcher saw the old name go first).
      f.folder.delete("one.flac", ChangeOrigin.LOCAL);
      await("missing", () -> "missing:1".equals(f.state("one.flac")));
      f.folder.write("moved/one.flac", bytes("one"), ChangeOrigin.LOCAL);
      await("song row follows", () -> "moved/one.flac".equals(f.query("SELECT file_path FROM songs WHERE id = 1")));
      await("linked at the new path", () -> "present:1".equals(f.state("moved/one.flac")));
      // Addition first, then the deletion.
      f.folder.write("moved/two.flac", bytes("two"), ChangeOrigin.LOCAL);
      await("copy present, unlinked", () -> "present:-".equals(f.state("moved/two.flac")));
      f.folder.delete("two.flac", ChangeOrigin.LOCAL);
      await("song row follows", () -> "moved/two.flac".equals(f.query("SELECT file_path FROM songs WHERE id = 2")));
      await("old row gone", () -> f.state("two.flac") == null);
      // From a peer the same pair writes no song row.
      f.folder.delete("moved/two.flac", PEER);
      f.folder.write("peer/two.flac", bytes("two"), PEER);
      await("peer copy present", () -> "present:-".equals(f.state("peer/two.flac")));
      assertEquals("moved/two.flac", f.query("SELECT file_path FROM songs WHERE id = 2"));
    }
  }

  @Test
  void aSongRowAppliedByBucardoBeforeItsFileIsPendingAtOnceAndPulledFirst() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);
      pg.executeAsReplica(f.db, "INSERT INTO songs (id, title, file_path) VALUES (7, 'seven', 'new/seven.mp3')");
      await("pending", () -> "pending:7".equals(f.state("new/seven.mp3")));
      await("urgent", () -> b.priority().urgent(f.folder.id(), "new/seven.mp3"));
      assertEquals("0", f.query("SELECT count(*) FROM chorus.song_events"), "consumed events are removed");

      f.folder.write("new/seven.mp3", bytes("seven"), PEER);
      await("present", () -> "present:7".equals(f.state("new/seven.mp3")));

      // An UPDATE arrives as DELETE + INSERT: one change, the row stays linked.
      pg.executeAsReplica(f.db, "DELETE FROM songs WHERE id = 7",
          "INSERT INTO songs (id, title, file_path) VALUES (7, 'seven (remaster)', 'new/seven.mp3')");
      await("events consumed", () -> "0".equals(f.query("SELECT count(*) FROM chorus.song_events")));
      assertEquals("present:7", f.state("new/seven.mp3"));

      // A song deleted on another host: Bucardo runs no FK actions; the bridge cleans its rows itself.
      f.execute("INSERT INTO songs (id, title, file_path) VALUES (8, 'eight', 'eight.mp3')");
      await("pending 8", () -> "pending:8".equals(f.state("eight.mp3")));
      pg.executeAsReplica(f.db, "DELETE FROM songs WHERE id IN (7, 8)");
      await("pending row of a deleted song dropped", () -> f.state("eight.mp3") == null);
      await("file kept, unlinked", () -> "present:-".equals(f.state("new/seven.mp3")));
    }
  }

  @Test
  void aTrimmedFeedIsCaughtUpByLinkingFromTheIndex() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);
      b.close();
      f.execute("INSERT INTO songs (id, title, file_path) VALUES (1, 'one', 'one.flac')");
      f.folder.write("one.flac", bytes("one"), PEER);
      f.folder.trimAll(); // the bridge was away longer than the feed keeps entries
      CatalogBridge again = f.start();
      await("relinked from the index", () -> "present:1".equals(f.state("one.flac")));
      assertNull(again.status().error());
    }
  }
}
