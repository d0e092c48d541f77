package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two and three real daemons over loopback TLS: what one host makes, changes, renames, moves or deletes
 * reaches the others, in every direction, and the trees end identical (content, modes, mtimes, links).
 */
class TwoWaySyncTest extends ClusterTest {

  @Test
  void anEmptyPeerGetsEverythingThenChangesFlowBothWays() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    Path music = a.music;
    SyncCluster.write(music.resolve("Ärtist/Ålbum (2001)/01 Ünïcode — tïtle.flac"), 3_000_000, 1);
    SyncCluster.write(music.resolve("Ärtist/Ålbum (2001)/02 second.mp3"), 700_000, 2);
    SyncCluster.write(music.resolve("Other/cover.jpg"), 40_000, 3);
    Files.write(music.resolve("empty.txt"), new byte[0]);
    Files.createDirectories(music.resolve("Empty/Dir"));
    Files.createSymbolicLink(music.resolve("latest"), Path.of("Ärtist/Ålbum (2001)"));
    Path script = SyncCluster.write(music.resolve("bin/run.sh"), 100, 4);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(music.resolve("Other/cover.jpg"), FileTime.fromMillis(1_600_000_000_123L));

    cluster.startAll();
    cluster.awaitConverged();
    Map<String, String> tree = b.tree();
    assertTrue(tree.get("bin/run.sh").startsWith("file rwxr-x---"), tree.get("bin/run.sh"));
    assertEquals("link -> Ärtist/Ålbum (2001)", tree.get("latest"));
    assertTrue(tree.containsKey("Empty/Dir"));
    assertTrue(tree.get("Other/cover.jpg").contains(" 1600000000123 "), "the mtime came along");
    assertTrue(Files.exists(b.music.resolve(".chorus-folder")), "the folder got its marker");

    // B changes things: modify, add, delete, rename a file, move a directory.
    Path bm = b.music;
    SyncCluster.write(bm.resolve("Other/cover.jpg"), 41_000, 5);
    SyncCluster.write(bm.resolve("New/added.flac"), 500_000, 6);
    Files.delete(bm.resolve("empty.txt"));
    Files.move(bm.resolve("Ärtist/Ålbum (2001)/02 second.mp3"), bm.resolve("Ärtist/Ålbum (2001)/02 renamed.mp3"));
    Files.move(bm.resolve("Empty"), bm.resolve("Moved"));
    cluster.awaitConverged();
    Map<String, String> after = a.tree();
    assertFalse(after.containsKey("empty.txt"));
    assertFalse(after.containsKey("Empty"));
    assertTrue(after.containsKey("Moved/Dir"));
    assertTrue(after.containsKey("Ärtist/Ålbum (2001)/02 renamed.mp3"));
    assertEquals(tree.get("Ärtist/Ålbum (2001)/02 second.mp3"), after.get("Ärtist/Ålbum (2001)/02 renamed.mp3"));

    // And back from A: a deletion of a whole directory, a chmod, a symlink retargeted.
    deleteTree(a.music.resolve("New"));
    Files.setPosixFilePermissions(a.music.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwx------"));
    Files.delete(a.music.resolve("latest"));
    Files.createSymbolicLink(a.music.resolve("latest"), Path.of("Other"));
    cluster.awaitConverged();
    Map<String, String> last = b.tree();
    assertFalse(last.containsKey("New"));
    assertFalse(last.containsKey("New/added.flac"));
    assertEquals("link -> Other", last.get("latest"));
    assertTrue(last.get("bin/run.sh").startsWith("file rwx------"));
  }

  @Test
  void threeNodesInAFullMeshConverge() throws Exception {
    cluster = new SyncCluster(tmp, "one", "two", "three");
    SyncCluster.write(cluster.node(0).music.resolve("a/from-one.flac"), 900_000, 11);
    SyncCluster.write(cluster.node(1).music.resolve("b/from-two.flac"), 800_000, 12);
    SyncCluster.write(cluster.node(2).music.resolve("c/from-three.flac"), 700_000, 13);
    cluster.startAll();
    cluster.awaitConverged();
    Map<String, String> t = cluster.node(2).tree();
    assertTrue(t.containsKey("a/from-one.flac") && t.containsKey("b/from-two.flac") && t.containsKey("c/from-three.flac"));
    SyncCluster.write(cluster.node(1).music.resolve("a/from-one.flac"), 901_000, 14);
    cluster.awaitConverged();
    assertEquals(Trees.sha256(cluster.node(1).music.resolve("a/from-one.flac")),
        Trees.sha256(cluster.node(0).music.resolve("a/from-one.flac")));
  }

  static void deleteTree(Path p) throws java.io.IOException {
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
