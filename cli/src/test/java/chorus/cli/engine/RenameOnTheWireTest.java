package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rename or move of a large file costs no chunk data and no chunk list on the wire: the new path's
 * record goes by reference to content the peer holds, and so does the peer's announcement back.
 */
class RenameOnTheWireTest extends ClusterTest {
  private static final int SIZE = 20_000_000;
  /** No chunk is longer than 512 KiB, so a 20 MB file's list is at least this many bytes (35 per chunk). */
  private static final long SMALLEST_CHUNK_LIST = (SIZE / (512 * 1024)) * 35L;

  @Test
  void aMovedLargeFileSendsNoChunkListEitherWay() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    SyncCluster.write(a.music.resolve("Album/big.flac"), SIZE, 21);
    cluster.startAll();
    cluster.awaitConverged();
    long before = settledWireBytes(a);
    long fetched = b.folderStatus().get("fetchedBytes").asLong();

    Files.createDirectories(a.music.resolve("Moved"));
    Files.move(a.music.resolve("Album/big.flac"), a.music.resolve("Moved/big.flac"));
    cluster.awaitConverged();
    long cost = settledWireBytes(a) - before;

    Map<String, String> tree = b.tree();
    assertFalse(tree.containsKey("Album/big.flac"));
    assertEquals(Trees.sha256(a.music.resolve("Moved/big.flac")), Trees.sha256(b.music.resolve("Moved/big.flac")));
    assertEquals(fetched, b.folderStatus().get("fetchedBytes").asLong(), "no chunk data was fetched");
    // Without references each side sends the full record once: twice the smallest possible chunk list.
    assertTrue(cost < SMALLEST_CHUNK_LIST, "the move cost " + cost + " bytes on the wire (TLS, both directions); "
        + "one chunk list alone would be at least " + SMALLEST_CHUNK_LIST);
  }

  @Test
  void aRenamedDirectoryOfManyFilesFetchesNoChunkData() throws Exception {
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    for (int i = 0; i < 200; i++) {
      SyncCluster.write(a.music.resolve("Album/track " + i + ".mp3"), 1_000 + i * 37, 100 + i);
    }
    cluster.startAll();
    cluster.awaitConverged();
    long fetched = b.folderStatus().get("fetchedBytes").asLong();

    Files.move(a.music.resolve("Album"), a.music.resolve("Album (renamed)"));
    cluster.awaitConverged();

    Map<String, String> tree = b.tree();
    assertFalse(tree.containsKey("Album"));
    assertEquals(Trees.sha256(a.music.resolve("Album (renamed)/track 7.mp3")),
        Trees.sha256(b.music.resolve("Album (renamed)/track 7.mp3")));
    assertEquals(fetched, b.folderStatus().get("fetchedBytes").asLong(),
        "every file of the renamed directory was built from the copies already there");
  }

  /** The bytes both ways between a and its one peer, read once they stop moving (announcements settle). */
  private static long settledWireBytes(SyncCluster.Node a) throws Exception {
    long last = -1;
    for (int i = 0; i < 100; i++) {
      JsonNode peer = a.status().get("peers").get(0);
      long now = peer.get("inBytes").asLong() + peer.get("outBytes").asLong();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(700);
    }
    throw new AssertionError("the connection never went quiet");
  }
}
