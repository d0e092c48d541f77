package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiJson;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import chorus.transport.api.InviteResponse;
import chorus.transport.pairing.InviteToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InviteCommandTest {
  @TempDir Path tmp;
  ApiServer server;
  FakeNode node = new FakeNode(Clock.systemUTC());
  CliHarness home;

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), CliHarness.KEY, ApiRoutes.standard(node));
    home = new CliHarness(tmp.resolve("home"), server.address(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsTheTokenAloneOnStdout() throws Exception {
    CliHarness.Result r = home.run("invite", "--folder", "music", "--ttl", "10m",
        "--address", "tcp://10.8.0.2:22200", "--address", "tcp://[fd00::2]:22200");
    assertEquals(0, r.code(), r.err());
    String token = r.out().strip();
    assertTrue(token.startsWith(InviteToken.PREFIX) && !token.contains("\n"), r.out());
    InviteToken parsed = InviteToken.parse(token, Clock.systemUTC().instant());
    assertEquals(FakeNode.INVITER, parsed.device());
    assertEquals(FolderId.of("music"), parsed.folder());
    assertEquals(List.of(new TcpAddress("10.8.0.2", 22200), new TcpAddress("fd00::2", 22200)), parsed.addresses());
    assertEquals(600L, node.invites.get(0).ttlSeconds());
    assertTrue(r.err().contains("chorus join " + token), r.err());
  }

  @Test
  void defaultsAreLeftToTheDaemon() throws Exception {
    CliHarness.Result r = home.run("invite");
    assertEquals(0, r.code(), r.err());
    assertEquals(null, node.invites.get(0).folder());
    assertEquals(null, node.invites.get(0).ttlSeconds());
    assertEquals(List.of(), node.invites.get(0).addresses());
  }

  @Test
  void jsonPrintsTheDaemonsAnswer() throws Exception {
    CliHarness.Result r = home.run("invite", "--json", "--ttl", "1h");
    assertEquals(0, r.code(), r.err());
    InviteResponse answer = ApiJson.lenient().readValue(r.out(), InviteResponse.class);
    assertTrue(answer.token().startsWith(InviteToken.PREFIX));
    assertEquals(3600L, node.invites.get(0).ttlSeconds());
  }

  @Test
  void theDaemonsRefusalIsShown() {
    CliHarness.Result r = home.run("invite", "--folder", "films");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("folder \"films\" is not configured"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void malformedOptionsAreUsageErrors() {
    assertEquals(2, home.run("invite", "--ttl", "soon").code());
    assertEquals(2, home.run("invite", "--address", "10.8.0.2:22200").code());
    assertEquals(2, home.run("invite", "--folder", "../x").code());
    assertTrue(node.invites.isEmpty());
  }

  @Test
  void notRunningIsExitCode4() throws Exception {
    server.close();
    CliHarness.Result r = home.run("invite");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("chorus is not running"), r.err());
  }
}
