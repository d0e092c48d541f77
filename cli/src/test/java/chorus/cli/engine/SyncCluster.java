package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.cli.CliContext;
import chorus.cli.CliRun;
import chorus.cli.daemon.Daemon;
import chorus.cli.daemon.DaemonOptions;
import chorus.cli.home.DeviceHome;
import chorus.transport.node.NetTransport;
import chorus.transport.tls.TlsProviderPreference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Real daemons for the sync tests, each with its own home, folder and loopback port, paired by IDs and
 * sharing one folder in a full mesh: real TLS, real RocksDB, real files.
 */
final class SyncCluster implements AutoCloseable {
  /** One host of the cluster. */
  final class Node {
    final String name;
    final Path home;
    final Path music;
    final int port;
    String id;
    Daemon daemon;

    Node(String name) throws IOException {
      this.name = name;
      this.home = tmp.resolve(name);
      this.music = Files.createDirectories(tmp.resolve("music-" + name));
      this.port = freePort();
      chorus(home, "init", "--name", name, "--listen", "tcp://127.0.0.1:" + port, "--api", "127.0.0.1:" + freePort());
      this.id = chorus(home, "id").out().trim();
    }

    Node start() throws IOException {
      daemon = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
          new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(200)));
      return this;
    }

    void stop() {
      if (daemon != null) {
        daemon.close();
        daemon = null;
      }
    }

    JsonNode folderStatus() throws IOException {
      return new ObjectMapper().readTree(chorus(home, "status", "--json").out()).get("folders").get(0);
    }

    JsonNode status() throws IOException {
      return new ObjectMapper().readTree(chorus(home, "status", "--json").out());
    }

    /** Waits until this node's folder status (as {@code chorus status --json} prints it) satisfies {@code test}. */
    void awaitFolder(String what, java.util.function.Predicate<JsonNode> test) throws InterruptedException {
      await(what, () -> {
        try {
          return test.test(folderStatus());
        } catch (IOException | RuntimeException e) {
          return false; // not answering yet, or not the field yet: ask again
        }
      });
    }

    Map<String, String> tree() throws IOException {
      return Trees.snapshot(music);
    }
  }

  private final Path tmp;
  final List<Node> nodes = new ArrayList<>();

  /** Nodes named as given, every one sharing folder "music" with every other, in the given types. */
  SyncCluster(Path tmp, String... namesAndTypes) throws IOException {
    this.tmp = tmp;
    Map<String, String> types = new HashMap<>();
    for (String spec : namesAndTypes) {
      String[] p = spec.split(":");
      Node n = new Node(p[0]);
      nodes.add(n);
      types.put(p[0], p.length > 1 ? p[1] : "send-receive");
    }
    for (Node n : nodes) {
      chorus(n.home, "folder", "add", "music", n.music.toString(), "--type", types.get(n.name));
      for (Node other : nodes) {
        if (other != n) {
          chorus(n.home, "device", "add", other.id, "--name", other.name, "--address", "tcp://127.0.0.1:" + other.port);
          chorus(n.home, "folder", "share", "music", other.id);
        }
      }
    }
  }

  Node node(int i) {
    return nodes.get(i);
  }

  void startAll() throws IOException {
    for (Node n : nodes) {
      n.start();
    }
  }

  /** Waits until every running node's tree equals the first's and no node needs anything. */
  void awaitConverged() throws Exception {
    try {
      awaitConvergedOrThrow();
    } catch (AssertionError e) {
      StringBuilder why = new StringBuilder(e.getMessage());
      Map<String, String> first = null;
      for (Node n : nodes) {
        if (n.daemon == null) {
          continue;
        }
        why.append("\n").append(n.name).append(": ").append(n.folderStatus());
        var fi = n.daemon.index().folder(chorus.core.id.FolderId.of("music"));
        why.append("\n  own last sequence ").append(fi.lastSequence());
        for (Node other : nodes) {
          if (other != n && other.daemon != null) {
            int[] count = {0};
            fi.forEachPeer(other.daemon.deviceId(), r -> ++count[0] > 0);
            why.append("\n  holds ").append(count[0]).append(" records of ").append(other.name).append(", mark ")
                .append(fi.peerProgress(other.daemon.deviceId())).append(", connected ")
                .append(n.daemon.node().connection(other.daemon.deviceId()).isPresent());
          }
        }
        Map<String, String> t = n.tree();
        if (first == null) {
          first = t;
        } else {
          for (String k : new java.util.TreeSet<>(union(first.keySet(), t.keySet()))) {
            if (!java.util.Objects.equals(first.get(k), t.get(k))) {
              why.append("\n  ").append(k).append(": ").append(first.get(k)).append(" vs ").append(t.get(k));
            }
          }
        }
      }
      throw new AssertionError(why.toString(), e);
    }
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return u;
  }

  private void awaitConvergedOrThrow() throws Exception {
    await("the trees converge", () -> {
      try {
        Map<String, String> first = null;
        for (Node n : nodes) {
          if (n.daemon == null) {
            continue;
          }
          JsonNode f = n.folderStatus();
          if (f.get("needFiles").asLong() != 0 || f.get("needDirectories").asLong() != 0) {
            return false;
          }
          Map<String, String> t = n.tree();
          if (first == null) {
            first = t;
          } else if (!first.equals(t)) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  void assertSameTrees() throws IOException {
    Map<String, String> first = null;
    for (Node n : nodes) {
      if (n.daemon == null) {
        continue;
      }
      if (first == null) {
        first = n.tree();
      } else {
        assertEquals(first, n.tree(), n.name + " differs from " + nodes.get(0).name);
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(Node::stop);
  }

  static CliRun.Result chorus(Path home, String... args) {
    CliRun.Result r = new CliRun(home).run(args);
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Writes a file beside its place and moves it in, so the watcher sees one complete change. */
  static Path write(Path file, int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Files.createDirectories(file.getParent());
    Path staged = file.resolveSibling(".staged-" + seed + "-" + file.getFileName());
    Files.write(staged, data);
    Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
