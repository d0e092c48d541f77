package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliContext;
import chorus.cli.CliRun;
import chorus.cli.home.DeviceHome;
import chorus.core.id.DeviceId;
import chorus.transport.node.NetTransport;
import chorus.transport.tls.TlsProviderPreference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemons in one JVM over loopback, driven by the real command line: devices added with
 * {@code chorus device add} while running are picked up by the config check, and {@code chorus status}
 * reports the connection (and a stranger's knock) through the local API.
 */
class DaemonTest {
  @TempDir Path tmp;
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  private static CliRun.Result chorus(Path home, String... args) {
    return new CliRun(home).run(args);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Path init(String name) throws IOException {
    Path home = tmp.resolve(name);
    CliRun.Result r = chorus(home, "init", "--name", name, "--listen", "tcp://127.0.0.1:0", "--api", "127.0.0.1:" + freePort());
    assertEquals(0, r.code(), r.toString());
    return home;
  }

  private Daemon start(Path home) throws IOException {
    Daemon d = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
        new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(100)));
    daemons.add(d);
    return d;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static JsonNode status(Path home) throws IOException {
    CliRun.Result r = chorus(home, "status", "--json");
    assertEquals(0, r.code(), r.toString());
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void devicesAddedWhileRunningConnectAndShowInStatus() throws Exception {
    Path alpha = init("alpha");
    Path beta = init("beta");
    Daemon a = start(alpha);
    Daemon b = start(beta);
    int bPort = b.node().listenAddress().getPort();

    // Added with the CLI while both run; the config check picks the changes up.
    assertEquals(0, chorus(alpha, "device", "add", b.deviceId().toString(), "--name", "beta",
        "--address", "tcp://127.0.0.1:" + bPort).code());
    assertEquals(0, chorus(beta, "device", "add", a.deviceId().toString(), "--name", "alpha").code());
    await("connected", () -> a.node().connection(b.deviceId()).isPresent()
        && b.node().connection(a.deviceId()).isPresent());

    JsonNode s = status(alpha);
    JsonNode peer = s.get("peers").get(0);
    assertEquals(b.deviceId().toString(), peer.get("id").asText());
    assertTrue(peer.get("connected").asBoolean(), s.toString());
    assertEquals("127.0.0.1:" + bPort, peer.get("address").asText().replace("tcp://", ""));
    assertEquals(a.node().tlsProviderName(), peer.get("tlsProvider").asText());

    // A stranger that knows alpha is turned away and listed.
    Path gamma = init("gamma");
    Daemon c = start(gamma);
    chorus(gamma, "device", "add", a.deviceId().toString(), "--name", "alpha",
        "--address", "tcp://127.0.0.1:" + a.node().listenAddress().getPort());
    await("the stranger is listed", () -> {
      try {
        JsonNode unknown = status(alpha).get("unknownDevices");
        return unknown.size() == 1 && unknown.get(0).get("id").asText().equals(c.deviceId().toString())
            && unknown.get(0).get("name").asText().equals("gamma");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });

    // Removing beta while running disconnects it.
    assertEquals(0, chorus(alpha, "device", "remove", b.deviceId().toString()).code());
    await("beta disconnected", () -> a.node().connection(b.deviceId()).isEmpty());
  }

  @Test
  void foldersAreScannedAndWatchedAndStatusShowsThem() throws Exception {
    Path alpha = init("alpha");
    Path music = Files.createDirectories(tmp.resolve("music/Artist/Album"));
    Files.write(music.resolve("01 Song.flac"), new byte[150_000]);
    Files.write(music.resolve("02 Song.flac"), new byte[50_000]);
    assertEquals(0, chorus(alpha, "folder", "add", "music", tmp.resolve("music").toString()).code());
    Daemon a = start(alpha);

    await("the first scan is done", () -> {
      try {
        JsonNode folder = status(alpha).get("folders").get(0);
        return folder.get("state").asText().equals("idle") && folder.get("files").asLong() == 2;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(200_000, status(alpha).get("folders").get(0).get("bytes").asLong());

    // A file written while running reaches the index through the watcher.
    Files.write(music.resolve("03 New.flac"), new byte[10_000]);
    await("the new file is indexed", () -> a.index().folder(chorus.core.id.FolderId.of("music"))
        .get("Artist/Album/03 New.flac").map(r -> r.size() == 10_000 && !r.deleted()).orElse(false));
    // Only a watched, partial rescan ran since the first scan; the status counts follow it.
    JsonNode afterAdd = status(alpha).get("folders").get(0);
    assertEquals(3, afterAdd.get("files").asLong(), afterAdd.toString());
    assertEquals(210_000, afterAdd.get("bytes").asLong(), afterAdd.toString());

    Files.delete(music.resolve("01 Song.flac"));
    await("the deletion shows in the status", () -> {
      try {
        JsonNode folder = status(alpha).get("folders").get(0);
        return folder.get("files").asLong() == 2 && folder.get("bytes").asLong() == 60_000;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    a.close();
  }

  @Test
  void scannedAndWatchedChangesReachChorusEvents() throws Exception {
    Path alpha = init("alpha");
    Path music = Files.createDirectories(tmp.resolve("music/Artist/Album"));
    Files.write(music.resolve("01 Song.flac"), new byte[1000]);
    assertEquals(0, chorus(alpha, "folder", "add", "music", tmp.resolve("music").toString()).code());
    Daemon a = start(alpha);
    await("the first scan is in the feed",
        () -> chorus(alpha, "events").out().contains("  music  added  Artist/Album/01 Song.flac\n"));
    long seen = a.index().feed().latest();

    Files.write(music.resolve("02 New.flac"), new byte[2000]);
    Files.delete(music.resolve("01 Song.flac"));
    await("the watched changes are in the feed", () -> {
      String out = chorus(alpha, "events", "--since", Long.toString(seen)).out();
      return out.contains("  music  added  Artist/Album/02 New.flac\n")
          && out.contains("  music  deleted  Artist/Album/01 Song.flac\n");
    });
    CliRun.Result r = chorus(alpha, "events", "--since", Long.toString(seen), "--json");
    assertEquals(0, r.code(), r.toString());
    for (String line : r.out().lines().toList()) {
      assertEquals("local", new ObjectMapper().readTree(line).get("origin").asText(), line);
    }
    a.close();
  }

  @Test
  void aBadEditIsRefusedAndTheRunningConfigKept() throws Exception {
    Path alpha = init("alpha");
    Daemon a = start(alpha);
    String good = Files.readString(alpha.resolve("config.json"));
    DeviceId other = chorus.transport.tls.DeviceIdentity.generate(java.time.Instant.now(),
        new java.security.SecureRandom()).deviceId();
    // The bad edit adds a device, so applying it would show; it is invalid only by a network that is no
    // CIDR, which the validator alone catches. (Made in a scratch copy, so the daemon never sees the good
    // half on its own.)
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    for (String f : List.of("config.json", "cert.pem", "key.pem")) {
      Files.copy(alpha.resolve(f), scratch.resolve(f));
    }
    CliRun.Result added = chorus(scratch, "device", "add", other.toString(), "--name", "later");
    assertEquals(0, added.code(), added.toString());
    String withDevice = Files.readString(scratch.resolve("config.json"));
    String bad = withDevice.replaceFirst("\"allowedNetworks\" : \\[ \\]", "\"allowedNetworks\" : [ \"not a network\" ]");
    assertTrue(!bad.equals(withDevice) && bad.contains(other.toString()), bad);
    Files.writeString(alpha.resolve("config.json"), bad);

    IOException refused = assertThrows(IOException.class, a::reload, "an invalid config is refused");
    assertTrue(refused.getMessage().contains("allowedNetworks"), refused.getMessage());
    assertFalse(a.node().config().device(other).isPresent(), "the running config is kept");
    assertTrue(a.node().config().devices().isEmpty());

    Files.writeString(alpha.resolve("config.json"), good);
    assertEquals(0, chorus(alpha, "device", "add", other.toString(), "--name", "later").code());
    await("the fixed config applied", () -> a.node().config().device(other).isPresent());
    assertFalse(a.node().connection(other).isPresent());
  }

  @Test
  void inviteAndJoinBetweenRunningDaemons() throws Exception {
    Path alpha = init("alpha");
    Path beta = init("beta");
    Files.createDirectories(tmp.resolve("music-a"));
    Files.createDirectories(tmp.resolve("music-b"));
    assertEquals(0, chorus(alpha, "folder", "add", "music", tmp.resolve("music-a").toString()).code());
    Daemon a = start(alpha);
    Daemon b = start(beta);
    CliRun.Result invite = chorus(alpha, "invite", "--folder", "music");
    assertEquals(0, invite.code(), invite.toString());
    String token = invite.out().trim();
    CliRun.Result join = chorus(beta, "join", token, "--path", tmp.resolve("music-b").toString());
    assertEquals(0, join.code(), join.toString());
    await("the joiner was admitted and both are connected", () -> a.node().connection(b.deviceId()).isPresent()
        && b.node().connection(a.deviceId()).isPresent());
    assertTrue(a.node().config().device(b.deviceId()).isPresent(), "the inviter added the joiner");
    assertTrue(a.node().config().folders().get(0).sharedWith().contains(b.deviceId()));
    await("the pending join is done", () -> {
      try {
        return new chorus.transport.pairing.PendingJoins(beta.resolve("pending-joins.json"), java.time.Clock.systemUTC())
            .all().isEmpty();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aSecondDaemonOnTheSameHomeIsRefusedBeforeItOpensAnythingAndTheHomeIsFreeAfterTheFirstStops() throws Exception {
    Path home = init("one");
    Daemon first = start(home);
    String api = first.api().address().hostPort();
    chorus.cli.home.RunLock.HomeInUseException refused =
        org.junit.jupiter.api.Assertions.assertThrows(chorus.cli.home.RunLock.HomeInUseException.class, () -> start(home));
    assertEquals("chorus is already running for home " + home + " (pid " + ProcessHandle.current().pid() + ", API "
        + api + "); stop it first or use another CHORUS_HOME", refused.getMessage());
    assertEquals(chorus.cli.ExitCodes.ALREADY_RUNNING, chorus.cli.ExitCodes.of(refused));
    assertEquals(0, chorus(home, "status").code(), "the first daemon is untouched");
    CliRun.Result reinit = chorus(home, "init", "--force");
    assertEquals(chorus.cli.ExitCodes.CONFIG, reinit.code(), reinit.toString());
    assertTrue(reinit.err().contains("chorus is running for home " + home + " (pid "), reinit.err());

    first.close();
    start(home); // the lock went with the first daemon
  }
}
