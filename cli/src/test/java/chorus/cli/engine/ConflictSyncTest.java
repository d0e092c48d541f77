package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Concurrent changes made while two hosts could not see each other: one winner and one conflict copy,
 * the same on both; a deletion loses to a modification; equal content is no conflict at all.
 */
class ConflictSyncTest extends ClusterTest {

  @Test
  void concurrentEditsDeletionsAndEqualContent() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    SyncCluster.write(a.music.resolve("x.flac"), 300_000, 1);
    SyncCluster.write(a.music.resolve("y.flac"), 200_000, 2);
    cluster.startAll();
    cluster.awaitConverged();

    b.stop();
    // While apart: both edit x (B later), A deletes y while B edits it, both write the same z.
    SyncCluster.write(a.music.resolve("x.flac"), 310_000, 3);
    Files.setLastModifiedTime(a.music.resolve("x.flac"), FileTime.fromMillis(1_700_000_000_000L));
    Files.delete(a.music.resolve("y.flac"));
    SyncCluster.write(a.music.resolve("z.flac"), 150_000, 9);
    SyncCluster.await("A recorded its changes", () -> a.daemon.index().folder(chorus.core.id.FolderId.of("music"))
        .get("z.flac").isPresent() && a.daemon.index().folder(chorus.core.id.FolderId.of("music")).get("y.flac")
        .map(r -> r.deleted()).orElse(false) && a.daemon.index().folder(chorus.core.id.FolderId.of("music"))
        .get("x.flac").map(r -> r.mtimeNs() == 1_700_000_000_000L * 1_000_000).orElse(false));
    SyncCluster.write(b.music.resolve("x.flac"), 320_000, 4);
    Files.setLastModifiedTime(b.music.resolve("x.flac"), FileTime.fromMillis(1_700_000_100_000L));
    SyncCluster.write(b.music.resolve("y.flac"), 210_000, 5);
    SyncCluster.write(b.music.resolve("z.flac"), 150_000, 9);
    String bX = Trees.sha256(b.music.resolve("x.flac"));
    String aX = Trees.sha256(a.music.resolve("x.flac"));
    String bY = Trees.sha256(b.music.resolve("y.flac"));
    b.start();
    cluster.awaitConverged();

    Map<String, String> tree = a.tree();
    assertEquals(bX, Trees.sha256(a.music.resolve("x.flac")), "the newer mtime wins");
    List<String> copies = tree.keySet().stream().filter(p -> p.contains(".sync-conflict-")).toList();
    assertEquals(1, copies.size(), "one conflict copy: " + tree.keySet());
    String copy = copies.get(0);
    assertTrue(copy.startsWith("x.sync-conflict-20231114-") && copy.endsWith(".flac"), copy);
    assertEquals(aX, Trees.sha256(a.music.resolve(copy)), "the loser's bytes are kept");
    assertEquals(bY, Trees.sha256(a.music.resolve("y.flac")), "the modification beats the deletion");
    assertTrue(tree.containsKey("z.flac"));
    cluster.assertSameTrees();
  }
}
