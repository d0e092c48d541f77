package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Send-only and receive-only folders, with override and revert through the CLI and the daemon's API. */
class OneWayFolderTest extends ClusterTest {

  @Test
  void sendOnlyIgnoresRemoteChangesUntilOverrideMakesItsStateTheClusters() throws Exception {
    cluster = new SyncCluster(tmp, "primary:send-only", "client");
    SyncCluster.Node primary = cluster.node(0);
    SyncCluster.Node client = cluster.node(1);
    SyncCluster.write(primary.music.resolve("song.flac"), 200_000, 1);
    SyncCluster.write(primary.music.resolve("other.flac"), 100_000, 2);
    cluster.startAll();
    cluster.awaitConverged();
    String original = Trees.sha256(primary.music.resolve("song.flac"));

    SyncCluster.write(client.music.resolve("song.flac"), 210_000, 3);
    Files.delete(client.music.resolve("other.flac"));
    primary.awaitFolder("the primary sees what it does not apply",
        f -> f.get("needFiles").asLong() == 2);
    assertEquals(original, Trees.sha256(primary.music.resolve("song.flac")), "a send-only folder applies nothing");
    assertTrue(Files.exists(primary.music.resolve("other.flac")));

    SyncCluster.chorus(primary.home, "folder", "override", "music");
    cluster.awaitConverged();
    assertEquals(original, Trees.sha256(client.music.resolve("song.flac")), "the primary's version everywhere");
    assertTrue(Files.exists(client.music.resolve("other.flac")), "and its files come back");
  }

  @Test
  void receiveOnlyKeepsLocalChangesToItselfUntilRevertRestoresTheClustersState() throws Exception {
    cluster = new SyncCluster(tmp, "primary", "jukebox:receive-only");
    SyncCluster.Node primary = cluster.node(0);
    SyncCluster.Node jukebox = cluster.node(1);
    SyncCluster.write(primary.music.resolve("song.flac"), 200_000, 1);
    cluster.startAll();
    cluster.awaitConverged();
    String original = Trees.sha256(primary.music.resolve("song.flac"));

    SyncCluster.write(jukebox.music.resolve("song.flac"), 220_000, 4);
    SyncCluster.write(jukebox.music.resolve("added-here.mp3"), 50_000, 5);
    String local = Trees.sha256(jukebox.music.resolve("song.flac"));
    SyncCluster.await("the jukebox recorded its local changes", () -> jukebox.daemon.index()
        .folder(chorus.core.id.FolderId.of("music")).get("added-here.mp3").isPresent());
    Thread.sleep(1500); // time for a wrongly announced change to travel
    assertEquals(original, Trees.sha256(primary.music.resolve("song.flac")), "local changes are not sent");
    assertTrue(!Files.exists(primary.music.resolve("added-here.mp3")));

    SyncCluster.chorus(jukebox.home, "folder", "revert", "music");
    cluster.awaitConverged();
    assertEquals(original, Trees.sha256(jukebox.music.resolve("song.flac")), "the cluster's version is back");
    assertTrue(!Files.exists(jukebox.music.resolve("added-here.mp3")));
    try (var kept = Files.walk(jukebox.music.resolve(".chorus-versions"))) {
      var files = kept.filter(Files::isRegularFile).toList();
      assertEquals(2, files.size(), "the local edit and the local addition are kept as versions: " + files);
      assertTrue(files.stream().anyMatch(f -> {
        try {
          return Trees.sha256(f).equals(local);
        } catch (java.io.IOException e) {
          return false;
        }
      }));
    }
    assertNotEquals(local, original);
  }
}
