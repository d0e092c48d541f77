package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chorus run} as its own process: prints who it is and what to do next, refuses a second daemon
 * on the same home, and stops cleanly on SIGTERM.
 */
class RunProcessTest {
  @TempDir Path tmp;

  @Test
  void runsUntilSigtermAndShutsDownCleanly() throws Exception {
    Path home = tmp.resolve("home");
    int api;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      api = s.getLocalPort();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.execute(Map.of("CHORUS_HOME", home.toString()), quiet, quiet,
        "init", "--name", "proc", "--listen", "tcp://127.0.0.1:0", "--api", "127.0.0.1:" + api));
    ByteArrayOutputStream idOut = new ByteArrayOutputStream();
    Main.execute(Map.of("CHORUS_HOME", home.toString()), new PrintStream(idOut, true, StandardCharsets.UTF_8), quiet, "id");
    String id = idOut.toString(StandardCharsets.UTF_8).trim();

    Path log = tmp.resolve("stderr.log");
    Process p = run(home, log);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertEquals("chorus is running as device \"proc\" (home " + home + ")", first, () -> "stderr: " + read(log));
      assertEquals("  device ID  " + id, out.readLine());
      String peers = out.readLine();
      assertTrue(peers.startsWith("  listening  tcp://127.0.0.1:") && peers.endsWith(" for peers"), peers);
      assertEquals("  local API  127.0.0.1:" + api, out.readLine());
      assertEquals("", out.readLine());
      assertEquals("Next, in another terminal: add a folder and invite another device to it,", out.readLine());

      // A second daemon on the same home stops at once, says why in one line, and leaves the first running.
      Path secondLog = tmp.resolve("second.log");
      Process second = run(home, secondLog);
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second daemon exited");
      assertEquals(chorus.cli.ExitCodes.ALREADY_RUNNING, second.exitValue(), () -> read(secondLog));
      assertEquals("chorus: chorus is already running for home " + home + " (pid " + p.pid() + ", API 127.0.0.1:"
          + api + "); stop it first or use another CHORUS_HOME\n", read(secondLog));
      assertEquals("", new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(p.isAlive(), "the first daemon still runs");
    } finally {
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the daemon stopped within 30 s of SIGTERM");
    }
    assertEquals(143, p.exitValue(), "exit status of a JVM ended by SIGTERM");
    String stderr = read(log);
    assertTrue(stderr.contains("INFO Daemon - shutting down"), stderr);
    assertTrue(stderr.contains("INFO NodeService - node service stopped"), stderr);
    assertTrue(stderr.contains("INFO Daemon - stopped"), stderr);
    assertTrue(stderr.contains("TLS provider: "), stderr);
    assertTrue(stderr.contains("network transport: "), stderr);
  }

  /**
   * A daemon killed with SIGKILL runs no shutdown hook, but the OS drops its lock: the next run starts.
   */
  @Test
  void aKilledDaemonDoesNotKeepItsHomeLocked() throws Exception {
    Path home = tmp.resolve("home");
    int api;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      api = s.getLocalPort();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.execute(Map.of("CHORUS_HOME", home.toString()), quiet, quiet,
        "init", "--name", "proc", "--listen", "tcp://127.0.0.1:0", "--api", "127.0.0.1:" + api), sink::toString);
    for (int i = 0; i < 2; i++) {
      Path log = tmp.resolve("run" + i + ".log");
      Process p = run(home, log);
      try {
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("chorus is running"), () -> first + "\n" + read(log));
      } finally {
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
    }
  }

  private Process run(Path home, Path stderr) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--config-check", "1"));
    pb.environment().put("CHORUS_HOME", home.toString());
    pb.redirectError(stderr.toFile());
    return pb.start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
