package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.config.ConfigStore;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What must never happen: an unmounted disk turning into deletions on every peer, a disk filled to the
 * last byte, chunk data sent for content the other side already has.
 */
class SafetySyncTest extends ClusterTest {

  @Test
  void aFolderWhoseMarkerIsGoneStopsAndNothingIsDeletedAnywhere() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    for (int i = 0; i < 5; i++) {
      SyncCluster.write(a.music.resolve("album/" + i + ".flac"), 100_000, i);
    }
    cluster.startAll();
    cluster.awaitConverged();
    Map<String, String> before = b.tree();

    // The disk is "unmounted": A's folder becomes an empty directory while A is stopped.
    a.stop();
    Path away = tmp.resolve("unmounted");
    Files.move(a.music, away);
    Files.createDirectories(a.music);
    a.start();
    a.awaitFolder("A reports the folder stopped",
        f -> f.get("state").asText().matches("stopped|error") && f.get("error").asText().contains(".chorus-folder"));
    Thread.sleep(2000); // give a wrong deletion every chance to travel
    assertEquals(before, b.tree(), "nothing was deleted on the peer");
    assertTrue(a.daemon.index().folder(FolderId.of("music")).get("album/0.flac").map(r -> !r.deleted()).orElse(false),
        "and nothing became a tombstone here");

    // The disk comes back: the folder resumes by itself.
    Files.delete(a.music);
    Files.move(away, a.music);
    a.awaitFolder("A resumes",
        f -> f.get("state").asText().equals("idle"));
    cluster.awaitConverged();
    assertEquals(before, a.tree());
  }

  @Test
  void belowTheFreeSpaceThresholdTheFolderStopsWithAReasonAndNoPartialFile() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    SyncCluster.write(a.music.resolve("big.flac"), 2_000_000, 1);
    new ConfigStore(b.home.resolve("config.json")).edit(c -> {
      FolderConfig f = c.folders().get(0);
      return c.withFolder(f.withMinFreePercent(99.999)); // no real disk is this empty
    });
    cluster.startAll();
    b.awaitFolder("B stops for want of space",
        f -> f.get("state").asText().equals("stopped") && f.get("error").asText().contains("free"));
    try (var files = Files.list(b.music)) {
      assertEquals(0, files.filter(p -> !p.getFileName().toString().equals(".chorus-folder")).count(),
          "no file, partial or whole");
    }
    // A sees how incomplete B's copy is.
    a.awaitFolder("A reports B's copy", f -> {
      JsonNode pc = f.get("peerCompletion").get(0);
      return pc.get("needFiles").asLong() == 1 && pc.get("needBytes").asLong() == 2_000_000
          && pc.get("percent").asDouble() < 1;
    });
  }

  @Test
  void aFolderPullsNothingBeforeItsFirstScan() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    SyncCluster.write(a.music.resolve("album/kept-out.tmp"), 50_000, 1);
    SyncCluster.write(a.music.resolve("album/song.flac"), 50_000, 2);
    // B's ignore file cannot be read, so B's folder is never scanned: it does not know what is on its disk,
    // nor which names the user keeps out. Pulling now would write past both.
    Files.writeString(b.music.resolve(".chorusignore"), "*.tmp\n{a,b\n");
    cluster.startAll();
    b.awaitFolder("B knows what A has", f -> f.get("needFiles").asLong() == 2);
    Thread.sleep(1500); // give a wrong pull every chance to happen
    try (var files = Files.walk(b.music)) {
      assertEquals(java.util.List.of(".chorus-folder", ".chorusignore"), files.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString()).sorted().toList(), "nothing was pulled into an unscanned folder");
    }
    assertEquals(0, b.folderStatus().get("fetchedBytes").asLong());

    // The ignore file mended (read at the folder's start): scanned, and only then pulled, without the
    // ignored name.
    Files.writeString(b.music.resolve(".chorusignore"), "*.tmp\n");
    b.stop();
    b.start();
    b.awaitFolder("B pulls once scanned", f -> f.get("state").asText().equals("idle") && f.get("files").asLong() >= 1);
    SyncCluster.await("the song arrives", () -> Files.exists(b.music.resolve("album/song.flac")));
    assertTrue(Files.notExists(b.music.resolve("album/kept-out.tmp")), "the ignored name stays out");
  }

  @Test
  void preSeededCopiesAndRenamesMoveNoChunkData() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    for (int i = 0; i < 6; i++) {
      Path f = SyncCluster.write(a.music.resolve("Artist " + i + "/Album/track.flac"), 400_000, 100 + i);
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_650_000_000_000L + i));
      Path copy = b.music.resolve(a.music.relativize(f).toString());
      Files.createDirectories(copy.getParent());
      Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES);
      if (i % 2 == 1) {
        Files.setLastModifiedTime(copy, FileTime.fromMillis(1_660_000_000_000L)); // rsync without -t
      }
    }
    cluster.startAll();
    cluster.awaitConverged();
    assertEquals(0, a.folderStatus().get("fetchedBytes").asLong() + b.folderStatus().get("fetchedBytes").asLong(),
        "identical content is adopted, never sent");
    assertTrue(a.tree().keySet().stream().noneMatch(p -> p.contains("sync-conflict")), "and is no conflict");

    // A rename of a file and a move of a directory: the new names are built from local chunks.
    Files.move(a.music.resolve("Artist 0/Album/track.flac"), a.music.resolve("Artist 0/Album/renamed.flac"));
    Files.move(a.music.resolve("Artist 1"), a.music.resolve("Moved Artist"));
    cluster.awaitConverged();
    assertEquals(0, b.folderStatus().get("fetchedBytes").asLong(), "no chunk data for a rename or a move");
    assertTrue(b.folderStatus().get("copiedBytes").asLong() >= 800_000, "the renamed content was copied locally");
  }
}
