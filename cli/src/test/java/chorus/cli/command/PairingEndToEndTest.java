package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.api.PairingKit;
import chorus.cli.home.DeviceHome;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiException;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import chorus.transport.api.JoinRequest;
import chorus.transport.api.JoinResponse;
import chorus.transport.api.NodeControl;
import chorus.transport.api.PairingApi;
import chorus.transport.api.StatusReport;
import chorus.transport.pairing.PairingSecret;
import chorus.transport.pairing.PendingJoins;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two device homes and the real pieces a daemon wires (everything but the Netty node): 'chorus invite'
 * against A's API, 'chorus join' on B, then A's gate admitting B with the secret B remembered.
 */
class PairingEndToEndTest {
  static final FolderId MUSIC = FolderId.of("music");

  @TempDir Path tmp;
  final Clock clock = Clock.systemUTC();
  final List<ApiServer> servers = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(ApiServer::close);
  }

  /** What the daemon's NodeControl looks like: pairing delegated, status and reload its own. */
  static final class DaemonLikeControl implements NodeControl {
    final PairingApi pairing;
    final AtomicInteger reloads = new AtomicInteger();

    DaemonLikeControl(PairingApi pairing) {
      this.pairing = pairing;
    }

    @Override
    public StatusReport status() {
      throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public InviteResponse invite(InviteRequest request) throws ApiException, IOException {
      return pairing.invite(request);
    }

    @Override
    public JoinResponse join(JoinRequest request) throws ApiException, IOException {
      JoinResponse joined = pairing.join(request);
      reloadConfig();
      return joined;
    }

    @Override
    public void reloadConfig() {
      reloads.incrementAndGet();
    }
  }

  @Test
  void inviteJoinAdmit() throws Exception {
    // Host A, the inviter: its daemon listens on all interfaces; the invite names an explicit address.
    CliHarness a = new CliHarness(tmp.resolve("a"), new TcpAddress("127.0.0.1", 1), clock);
    // Not tmp itself: it holds a's device home, which no folder may contain.
    Path aMusic = Files.createDirectories(tmp.resolve("a-music"));
    a.store().edit(c -> c.withFolder(new FolderConfig(MUSIC, aMusic.toString(), FolderType.SEND_RECEIVE, List.of())));
    PairingKit kitA = PairingKit.forHome(new DeviceHome(a.home), a.id, clock, new SecureRandom());
    DaemonLikeControl daemonA = new DaemonLikeControl(kitA.api(() -> new TcpAddress("0.0.0.0", 22200)));
    a.useApi(start(daemonA).address());

    CliHarness.Result invite = a.run("invite", "--folder", "music", "--address", "tcp://10.8.0.2:22200");
    assertEquals(0, invite.code(), invite.err());
    String token = invite.out().strip();
    assertEquals(1, kitA.registry().outstanding());

    // Host B, the joiner, with its daemon running.
    CliHarness b = new CliHarness(tmp.resolve("b"), new TcpAddress("127.0.0.1", 1), clock);
    DaemonLikeControl daemonB = new DaemonLikeControl(null);
    b.useApi(start(daemonB).address());
    Path dir = Files.createDirectory(tmp.resolve("b-music"));
    CliHarness.Result join = b.run("join", token, "--path", dir.toString());
    assertEquals(0, join.code(), join.err());
    assertEquals(1, daemonB.reloads.get());
    assertEquals(List.of(new TcpAddress("10.8.0.2", 22200)), b.store().load().device(a.id).orElseThrow().addresses());
    assertEquals(List.of(a.id), b.store().load().folder(MUSIC).orElseThrow().sharedWith());

    // B's node dials A and sends the remembered secret in Hello; A's gate decides.
    PairingSecret secret = PendingJoins.inHome(b.home, clock).secretFor(a.id).orElseThrow();
    InetSocketAddress seen = new InetSocketAddress("10.8.0.7", 40312);
    assertTrue(kitA.registry().admit(b.id, "laptop", secret.text(), seen).admitted());
    assertEquals(List.of(new TcpAddress("10.8.0.7", 22200)), a.store().load().device(b.id).orElseThrow().addresses());
    assertEquals(List.of(b.id), a.store().load().folder(MUSIC).orElseThrow().sharedWith());
    assertFalse(kitA.registry().admit(b.id, "laptop", secret.text(), seen).admitted(), "single use");
  }

  @Test
  void joinThroughTheApi() throws Exception {
    CliHarness a = new CliHarness(tmp.resolve("a"), new TcpAddress("127.0.0.1", 1), clock);
    PairingKit kitA = PairingKit.forHome(new DeviceHome(a.home), a.id, clock, new SecureRandom());
    String token = kitA.registry().issue(null, null, List.of(new TcpAddress("10.8.0.2", 22200))).encode();

    CliHarness b = new CliHarness(tmp.resolve("b"), new TcpAddress("127.0.0.1", 1), clock);
    PairingKit kitB = PairingKit.forHome(new DeviceHome(b.home), b.id, clock, new SecureRandom());
    DaemonLikeControl daemonB = new DaemonLikeControl(kitB.api(() -> new TcpAddress("10.8.0.7", 22200)));
    ApiServer api = start(daemonB);
    chorus.cli.api.ApiClient client = new chorus.cli.api.ApiClient(api.address(), CliHarness.KEY);

    JoinResponse joined = client.join(new JoinRequest(token, null));
    assertEquals(a.id, joined.device());
    assertEquals(1, daemonB.reloads.get());
    assertTrue(b.store().load().device(a.id).isPresent());
    assertTrue(PendingJoins.inHome(b.home, clock).secretFor(a.id).isPresent());

    chorus.cli.api.ApiCallException bad = org.junit.jupiter.api.Assertions.assertThrows(
        chorus.cli.api.ApiCallException.class, () -> client.join(new JoinRequest("chorus-invite1:AAAA", null)));
    assertEquals(400, bad.status());
    assertTrue(bad.getMessage().contains("truncated"), bad.getMessage());
  }

  ApiServer start(NodeControl control) throws IOException {
    ApiServer s = ApiServer.start(new TcpAddress("127.0.0.1", 0), CliHarness.KEY, ApiRoutes.standard(control));
    servers.add(s);
    return s;
  }
}
