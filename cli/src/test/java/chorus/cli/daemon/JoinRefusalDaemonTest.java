package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliContext;
import chorus.cli.CliRun;
import chorus.cli.home.DeviceHome;
import chorus.transport.node.NetTransport;
import chorus.transport.pairing.PendingJoins;
import chorus.transport.tls.TlsProviderPreference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons over TLS on loopback: a reused invite is refused by the inviter, which tells the joiner
 * why; the joiner records it, shows it in {@code chorus status} with the fix, stops dialling, keeps the
 * refusal over a restart, and a later join with a new invite clears it and connects.
 */
class JoinRefusalDaemonTest {
  @TempDir Path tmp;
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  private static CliRun.Result chorus(Path home, String... args) {
    return new CliRun(home).run(args);
  }

  private Path init(String name) throws IOException {
    Path home = tmp.resolve(name);
    int api;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      api = s.getLocalPort();
    }
    CliRun.Result r = chorus(home, "init", "--name", name, "--listen", "tcp://127.0.0.1:0", "--api", "127.0.0.1:" + api);
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

  private static JsonNode joins(Path home) {
    CliRun.Result r = chorus(home, "status", "--json");
    assertEquals(0, r.code(), r.toString());
    try {
      return new ObjectMapper().readTree(r.out()).get("pendingJoins");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String invite(Path home) {
    CliRun.Result invite = chorus(home, "invite", "--folder", "music");
    assertEquals(0, invite.code(), invite.toString());
    return invite.out().trim();
  }

  @Test
  void aReusedInviteIsRefusedWithItsReasonUntilANewInviteIsJoined() throws Exception {
    Path alpha = init("alpha");
    Path beta = init("beta");
    Path gamma = init("gamma");
    for (String dir : List.of("music-a", "music-b", "music-c")) {
      Files.createDirectories(tmp.resolve(dir));
    }
    assertEquals(0, chorus(alpha, "folder", "add", "music", tmp.resolve("music-a").toString()).code());
    Daemon a = start(alpha);
    Daemon b = start(beta);
    Daemon c = start(gamma);

    String token = invite(alpha);
    assertEquals(0, chorus(beta, "join", token, "--path", tmp.resolve("music-b").toString()).code());
    await("beta was admitted", () -> b.node().connection(a.deviceId()).isPresent());

    // gamma got a copy of the same token: it is refused, and told why.
    assertEquals(0, chorus(gamma, "join", token, "--path", tmp.resolve("music-c").toString()).code());
    await("gamma's join is marked refused", () -> joins(gamma).size() == 1
        && joins(gamma).get(0).get("state").asText().equals("refused"));
    JsonNode refused = joins(gamma).get(0);
    assertEquals(a.deviceId().toString(), refused.get("id").asText());
    assertEquals("this invite was already used", refused.get("reason").asText(), "not who used it");
    assertEquals("music", refused.get("folder").asText());
    CliRun.Result status = chorus(gamma, "status");
    assertTrue(status.out().contains("\n    refused: this invite was already used\n"
        + "    ask the inviter for a new invite: chorus invite --folder music, then here: chorus join TOKEN\n"), status.out());
    assertFalse(c.node().connection(a.deviceId()).isPresent());
    assertFalse(a.node().config().device(c.deviceId()).isPresent());

    // The refusal outlives a restart (and the restarted node does not present the spent secret again).
    c.close();
    c = start(gamma);
    assertEquals("refused", joins(gamma).get(0).get("state").asText());

    // A new invite, joined: the refusal is gone and gamma gets in.
    String fresh = invite(alpha);
    assertEquals(0, chorus(gamma, "join", fresh).code());
    Daemon gammaDaemon = c;
    await("gamma was admitted with the new invite", () -> gammaDaemon.node().connection(a.deviceId()).isPresent()
        && a.node().connection(gammaDaemon.deviceId()).isPresent());
    await("the join is complete", () -> joins(gamma).isEmpty());
    assertTrue(new PendingJoins(gamma.resolve(PendingJoins.FILE_NAME), Clock.systemUTC()).all().isEmpty());
  }
}
