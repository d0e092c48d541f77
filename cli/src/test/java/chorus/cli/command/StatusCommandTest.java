package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.transport.api.ApiJson;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import chorus.transport.api.StatusReport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path tmp;
  ApiServer server;
  FakeNode node = new FakeNode(Clock.systemUTC());

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  CliHarness running() throws Exception {
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), CliHarness.KEY, ApiRoutes.standard(node));
    return new CliHarness(tmp.resolve("home"), server.address(), Clock.systemUTC());
  }

  static TcpAddress nothingListening() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new TcpAddress("127.0.0.1", s.getLocalPort());
    }
  }

  @Test
  void printsAReadableSummary() throws Exception {
    CliHarness.Result r = running().run("status");
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    for (String expected : new String[] {
        "Device  jukebox  " + FakeNode.INVITER,
        "primary  " + FakeNode.STRANGER,
        "connected  tcp://10.8.0.1:41234  TLS OpenSSL",
        "in 3.0 MiB (1.5 KiB/s)  out 2.0 KiB (0 B/s)",
        "attic", "disconnected",
        "music  /srv/music  send-receive  syncing",
        "10 files, 5.0 GiB; needs 2 files, 678 B",
        "Unknown devices (1)",
        "new box  " + FakeNode.STRANGER + "  from tcp://10.8.0.9:50000  last seen 2024-05-01T12:00:00Z",
        "chorus device add " + FakeNode.STRANGER + " --name 'new box'"}) {
      assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
    }
  }

  @Test
  void jsonIsTheDaemonsJson() throws Exception {
    CliHarness.Result r = running().run("status", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(node.status(), ApiJson.lenient().readValue(r.out(), StatusReport.class));
    assertTrue(r.out().contains("\"unknownDevices\""), r.out());
  }

  @Test
  void saysClearlyWhenTheDaemonIsNotRunning() throws Exception {
    TcpAddress nowhere = nothingListening();
    CliHarness h = new CliHarness(tmp.resolve("home"), nowhere, Clock.systemUTC());
    CliHarness.Result r = h.run("status");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("chorus is not running at " + nowhere.hostPort() + "; start it with 'chorus run'"),
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void aWrongKeyIsExplained() throws Exception {
    CliHarness h = running();
    h.store().save(h.store().load().withDevices(java.util.List.of()));
    String json = Files.readString(h.store().file()).replace(CliHarness.KEY, "another-key-0123456789");
    Files.writeString(h.store().file(), json);
    CliHarness.Result r = h.run("status");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("refused the API key"), r.err());
  }

  @Test
  void noConfigIsExplained() throws Exception {
    CliHarness h = running();
    Files.delete(h.store().file());
    CliHarness.Result r = h.run("status");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("chorus init"), r.err());
  }
}
