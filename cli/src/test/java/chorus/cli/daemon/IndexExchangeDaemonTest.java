package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliContext;
import chorus.cli.CliRun;
import chorus.cli.home.DeviceHome;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.IndexMark;
import chorus.fsindex.store.FolderIndex;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons in one JVM over loopback TLS, with real RocksDB indexes and real files: B learns A's index,
 * gets exactly A's deltas, resumes after a restart, and starts over when A's index is reset.
 */
class IndexExchangeDaemonTest {
  static final FolderId MUSIC = FolderId.of("music");

  @TempDir Path tmp;
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  /** What one daemon's exchange sent, per peer. */
  static final class Recorder implements ExchangeEvents {
    final List<IndexUpdate> sent = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void sent(DeviceId peer, IndexUpdate update) {
      sent.add(update);
    }

    @Override
    public void violation(DeviceId peer, String reason) {
      violations.add(reason);
    }

    final List<String> refused = new CopyOnWriteArrayList<>();

    @Override
    public void refused(DeviceId peer, FolderId folder, String path, String reason) {
      refused.add(path + ": " + reason);
    }

    List<Long> sequences(int fromBatch) {
      List<Long> out = new ArrayList<>();
      for (IndexUpdate u : sent.subList(fromBatch, sent.size())) {
        u.files().forEach(f -> out.add(f.sequence()));
      }
      return out;
    }
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

  static Path init(Path tmp, String name, int port) throws IOException {
    Path home = tmp.resolve(name);
    chorus(home, "init", "--name", name, "--listen", "tcp://127.0.0.1:" + port, "--api", "127.0.0.1:" + freePort());
    return home;
  }

  static String id(Path home) {
    return chorus(home, "id").out().trim();
  }

  Daemon start(Path home, ExchangeEvents events) throws IOException {
    Daemon d = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
        new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(100)), events);
    daemons.add(d);
    return d;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Writes a file next to the folder and moves it in, so the watcher sees one complete change. */
  static void write(Path file, int size, int seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Path staged = file.getParent().resolveSibling("staged-" + seed);
    Files.write(staged, data);
    Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** needFiles and needBytes of the folder, as {@code chorus status --json} shows them. */
  static List<Long> need(Path home) throws IOException {
    JsonNode folder = new ObjectMapper().readTree(chorus(home, "status", "--json").out()).get("folders").get(0);
    return List.of(folder.get("needFiles").asLong(), folder.get("needBytes").asLong());
  }

  /** A's own records as a peer sees them, by path. */
  static Map<String, FileRecord> own(Daemon d) {
    Map<String, FileRecord> out = new TreeMap<>();
    d.index().folder(MUSIC).forEachSince(0, r -> {
      out.put(r.path(), r.forPeer());
      return true;
    });
    return out;
  }

  /** What {@code holder} holds of {@code peer}'s folder, by path. */
  static Map<String, FileRecord> held(Daemon holder, DeviceId peer) {
    Map<String, FileRecord> out = new TreeMap<>();
    holder.index().folder(MUSIC).forEachPeer(peer, r -> {
      out.put(r.path(), r);
      return true;
    });
    return out;
  }

  static boolean holdsAll(Daemon holder, Daemon peer) {
    FolderIndex theirs = peer.index().folder(MUSIC);
    long last = theirs.lastSequence();
    return last > 0 && holder.index().folder(MUSIC).peerProgress(peer.deviceId())
        .equals(java.util.Optional.of(new IndexMark(theirs.indexId(), last)));
  }

  @Test
  void bLearnsAsIndexGetsDeltasResumesAndStartsOverAfterAReset() throws Exception {
    int portA = freePort();
    int portB = freePort();
    Path homeA = init(tmp, "alpha", portA);
    Path homeB = init(tmp, "beta", portB);
    Path musicA = Files.createDirectories(tmp.resolve("music-a"));
    Path musicB = Files.createDirectories(tmp.resolve("music-b"));
    write(musicA.resolve("one.flac"), 200_000, 1);
    write(musicA.resolve("two.flac"), 300_000, 2);
    write(musicA.resolve("three.flac"), 100_000, 3);
    String idA = id(homeA);
    String idB = id(homeB);
    chorus(homeA, "folder", "add", "music", musicA.toString());
    chorus(homeA, "device", "add", idB, "--name", "beta", "--address", "tcp://127.0.0.1:" + portB);
    chorus(homeA, "folder", "share", "music", idB);
    // B is send-only: it learns A's index but applies none of it, so what it needs stays to be counted.
    chorus(homeB, "folder", "add", "music", musicB.toString(), "--type", "send-only");
    chorus(homeB, "device", "add", idA, "--name", "alpha", "--address", "tcp://127.0.0.1:" + portA);
    chorus(homeB, "folder", "share", "music", idA);

    Recorder sentByA = new Recorder();
    Daemon a = start(homeA, sentByA);
    await("A scanned", () -> own(a).size() == 3);
    Daemon b = start(homeB, ExchangeEvents.NONE);

    // 1. B holds A's three records, with A's versions and chunk lists.
    await("B holds A's index", () -> holdsAll(b, a));
    Map<String, FileRecord> before = own(a);
    assertEquals(before, held(b, a.deviceId()));
    assertTrue(before.get("two.flac").chunks().size() > 1, "real chunk lists");
    assertTrue(sentByA.sent.get(0).full(), "B held nothing: the first batch is full");
    assertEquals(List.of(3L, 600_000L), need(homeB), "B lacks A's three files");
    assertEquals(List.of(0L, 0L), need(homeA), "B has nothing A lacks");

    // 2. Add, change, delete: B gets exactly the new sequences.
    long mark = a.index().folder(MUSIC).lastSequence();
    int batches = sentByA.sent.size();
    write(musicA.resolve("four.flac"), 50_000, 4);
    write(musicA.resolve("one.flac"), 210_000, 5);
    Files.delete(musicA.resolve("three.flac"));
    await("A indexed the three changes", () -> a.index().folder(MUSIC).lastSequence() == mark + 3);
    await("B holds them", () -> holdsAll(b, a));
    assertEquals(List.of(mark + 1, mark + 2, mark + 3), sentByA.sequences(batches).stream().sorted().toList());
    assertFalse(sentByA.sent.subList(batches, sentByA.sent.size()).stream().anyMatch(IndexUpdate::full));
    assertEquals(own(a), held(b, a.deviceId()));
    assertTrue(held(b, a.deviceId()).get("three.flac").deleted());
    assertEquals(List.of(3L, 560_000L), need(homeB), "four, one (changed) and two; not the deleted three");

    // 3. Restart B after A changed one more file while B was away: only the newer record is sent.
    b.close();
    daemons.remove(b);
    await("A saw B go", () -> a.node().connection(b.deviceId()).isEmpty());
    long markBeforeRestart = a.index().folder(MUSIC).lastSequence();
    write(musicA.resolve("two.flac"), 310_000, 6);
    await("A indexed the change", () -> a.index().folder(MUSIC).lastSequence() == markBeforeRestart + 1);
    int beforeRestart = sentByA.sent.size();
    Daemon b2 = start(homeB, ExchangeEvents.NONE);
    await("B caught up", () -> holdsAll(b2, a));
    assertEquals(List.of(markBeforeRestart + 1), sentByA.sequences(beforeRestart), "resumed from B's mark");
    assertEquals(own(a), held(b2, a.deviceId()));

    // 4. A's index is reset (new index ID): B forgets what it held and takes A's whole index.
    long oldIndexId = a.index().folder(MUSIC).indexId();
    a.close();
    daemons.remove(a);
    try (var paths = Files.walk(homeA.resolve("index"))) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Recorder sentByA2 = new Recorder();
    Daemon a2 = start(homeA, sentByA2);
    assertTrue(a2.index().folder(MUSIC).indexId() != oldIndexId);
    await("A rescanned", () -> own(a2).size() == 3);
    await("B holds A's new index", () -> holdsAll(b2, a2));
    assertEquals(own(a2), held(b2, a2.deviceId()), "the old tombstone of three.flac is gone");
    assertFalse(held(b2, a2.deviceId()).containsKey("three.flac"));
    assertTrue(sentByA2.sent.stream().filter(u -> u.folder().equals(MUSIC)).findFirst().orElseThrow().full());
  }
}
