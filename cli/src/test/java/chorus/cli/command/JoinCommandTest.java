package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import chorus.transport.pairing.InviteToken;
import chorus.transport.pairing.PairingSecret;
import chorus.transport.pairing.PendingJoins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinCommandTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final TcpAddress INVITER_ADDRESS = new TcpAddress("10.8.0.2", 22200);

  @TempDir Path tmp;
  Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  ApiServer server;
  FakeNode node = new FakeNode(clock);
  CliHarness home;
  ChorusConfig before;

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), CliHarness.KEY, ApiRoutes.standard(node));
    home = new CliHarness(tmp.resolve("home"), server.address(), clock);
    before = home.store().load();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  InviteToken token(DeviceId inviter, FolderId folder) {
    return new InviteToken(inviter, "jukebox", List.of(INVITER_ADDRESS), folder,
        PairingSecret.random(new SecureRandom()), NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void joinWritesConfigAndPendingJoinAndReloadsTheDaemon() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("music"));
    InviteToken t = token(FakeNode.INVITER, FolderId.of("music"));
    CliHarness.Result r = home.run("join", t.encode(), "--path", dir.toString());
    assertEquals(0, r.code(), r.err());

    ChorusConfig config = home.store().load();
    DeviceConfig inviter = config.device(FakeNode.INVITER).orElseThrow();
    assertEquals("jukebox", inviter.name());
    assertEquals(List.of(INVITER_ADDRESS), inviter.addresses());
    FolderConfig folder = config.folder(FolderId.of("music")).orElseThrow();
    assertEquals(dir.toAbsolutePath().toString(), folder.path());
    assertEquals(List.of(FakeNode.INVITER), folder.sharedWith());
    assertEquals(Optional.of(t.secret()), PendingJoins.inHome(home.home, clock).secretFor(FakeNode.INVITER));

    assertEquals(1, node.reloads.get());
    assertTrue(r.out().contains("folder \"music\" at " + dir.toAbsolutePath() + " is shared with it"), r.out());
    assertTrue(r.out().contains("connects now"), r.out());
  }

  @Test
  void joinWithoutADaemonSaysTheNextRunConnects() throws Exception {
    server.close();
    CliHarness.Result r = home.run("join", token(FakeNode.INVITER, null).encode());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("start it with 'chorus run' before 2024-05-01T12:15:00Z"), r.out());
    assertTrue(home.store().load().device(FakeNode.INVITER).isPresent());
  }

  @Test
  void jsonReportsWhatWasJoined() throws Exception {
    CliHarness.Result r = home.run("join", token(FakeNode.INVITER, FolderId.of("music")).encode(), "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"device\" : \"" + FakeNode.INVITER + "\""), r.out());
    assertTrue(r.out().contains("\"folder\" : \"music\""), r.out());
    assertTrue(r.out().contains("\"folderPath\" : null"), r.out());
    assertTrue(r.out().contains("\"daemon\" : \"reloaded\""), r.out());
  }

  @Test
  void rejectsAMissingPathDirectory() throws Exception {
    CliHarness.Result r = home.run("join", token(FakeNode.INVITER, FolderId.of("music")).encode(),
        "--path", tmp.resolve("nowhere").toString());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertNothingWritten();
  }

  @Test
  void rejectsABadToken() throws Exception {
    String good = token(FakeNode.INVITER, null).encode();
    String mangled = good.substring(0, 30) + (good.charAt(30) == 'x' ? 'y' : 'x') + good.substring(31);
    CliHarness.Result r = home.run("join", mangled);
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().startsWith("chorus: the invite is damaged"), r.err());

    CliHarness.Result other = home.run("join", "hello");
    assertEquals(3, other.code());
    assertTrue(other.err().contains("not a chorus invite"), other.err());
    assertNothingWritten();
  }

  @Test
  void rejectsAnExpiredToken() throws Exception {
    InviteToken t = new InviteToken(FakeNode.INVITER, "jukebox", List.of(INVITER_ADDRESS), null,
        PairingSecret.random(new SecureRandom()), NOW);
    CliHarness.Result r = home.run("join", t.encode());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("expired"), r.err());
    assertNothingWritten();
  }

  @Test
  void rejectsItsOwnDeviceId() throws Exception {
    CliHarness.Result r = home.run("join", token(home.id, null).encode());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("made by this device"), r.err());
    assertNothingWritten();
  }

  @Test
  void readsTheTokenFromStdin() throws Exception {
    InviteToken t = token(FakeNode.INVITER, null);
    java.io.InputStream saved = System.in;
    System.setIn(new java.io.ByteArrayInputStream((t.encode() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    try {
      CliHarness.Result r = home.run("join", "-");
      assertEquals(0, r.code(), r.err());
    } finally {
      System.setIn(saved);
    }
    assertTrue(home.store().load().device(FakeNode.INVITER).isPresent());
  }

  void assertNothingWritten() throws Exception {
    assertEquals(before, home.store().load());
    assertEquals(List.of(), PendingJoins.inHome(home.home, clock).all());
    assertEquals(0, node.reloads.get());
  }
}
