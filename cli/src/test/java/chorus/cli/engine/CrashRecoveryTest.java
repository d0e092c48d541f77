package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiving daemon, a real {@code chorus run} process, is killed with SIGKILL at random points while
 * it pulls, 20 times, while the sender keeps writing new versions. After every kill, every file under
 * its real name is exactly a version the sender had (never partial, never corrupt); in the end the trees
 * converge and no temp file is left.
 */
class CrashRecoveryTest extends ClusterTest {
  static final int KILLS = 20;

  Process receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.destroyForcibly(); // before the cluster stops (ClusterTest)
    }
  }

  @Test
  void sigkillDuringLargeTransfersNeverLeavesAPartialFile() throws Exception {
    cluster = new SyncCluster(tmp, "sender", "receiver");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    Map<String, Set<String>> versions = new HashMap<>();
    Random rnd = new Random(20261202);
    for (int i = 0; i < 12; i++) {
      record(versions, a.music, SyncCluster.write(a.music.resolve("album/" + i + ".flac"), 4_000_000, rnd.nextLong()));
    }
    a.start();
    int killedWhilePulling = 0;
    for (int round = 0; round < KILLS; round++) {
      receiver = startProcess(b.home, tmp.resolve("receiver-" + round + ".log"));
      if (round % 2 == 0) {
        Thread.sleep(300 + rnd.nextInt(2500)); // anywhere: starting, scanning, exchanging, pulling
      } else {
        awaitPullInProgress(b.music); // the middle of a pull, wherever it is
        Thread.sleep(rnd.nextInt(150));
      }
      receiver.destroyForcibly(); // SIGKILL
      assertTrue(receiver.waitFor(30, TimeUnit.SECONDS));
      if (hasTemps(b.music)) {
        killedWhilePulling++;
      }
      assertOnlyWholeVersions(b.music, versions);
      // New versions while the receiver is down, so every round has something to pull.
      for (int k = 0; k < 3; k++) {
        record(versions, a.music,
            SyncCluster.write(a.music.resolve("album/" + rnd.nextInt(12) + ".flac"), 8_000_000, rnd.nextLong()));
      }
      record(versions, a.music, SyncCluster.write(a.music.resolve("small/" + round + ".txt"), 3_000, rnd.nextLong()));
    }
    receiver = null;
    b.start();
    cluster.awaitConverged();
    cluster.assertSameTrees();
    SyncCluster.await("temp files are cleaned up", () -> !hasTemps(b.music));
    assertTrue(killedWhilePulling > 0, "some kills must land in the middle of a pull");
  }

  static void record(Map<String, Set<String>> versions, Path root, Path file) throws IOException {
    versions.computeIfAbsent(root.relativize(file).toString(), k -> new HashSet<>()).add(Trees.sha256(file));
  }

  /** Waits (bounded) until the receiver has a temp file, i.e. is in the middle of pulling a file. */
  static void awaitPullInProgress(Path root) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!hasTemps(root) && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  static boolean hasTemps(Path root) {
    try (var walk = Files.walk(root)) {
      return walk.anyMatch(p -> p.getFileName().toString().startsWith(".chorus-tmp."));
    } catch (IOException e) {
      return true;
    }
  }

  static void assertOnlyWholeVersions(Path root, Map<String, Set<String>> versions) throws IOException {
    List<String> bad = new ArrayList<>();
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Trees.internal(rel)) {
          continue;
        }
        Set<String> known = versions.get(rel);
        if (known == null || !known.contains(Trees.sha256(p))) {
          bad.add(rel);
        }
      }
    }
    assertEquals(List.of(), bad, "files under their real names that are no version the sender had");
  }

  static Process startProcess(Path home, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--config-check", "1"));
    pb.environment().put("CHORUS_HOME", home.toString());
    pb.environment().put("LANG", "C.UTF-8");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }
}
