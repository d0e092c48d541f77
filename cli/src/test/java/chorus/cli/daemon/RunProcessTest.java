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

/** {@code chorus run} as its own process: prints the device ID, and stops cleanly on SIGTERM. */
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
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--config-check", "1"));
    pb.environment().put("CHORUS_HOME", home.toString());
    pb.redirectError(log.toFile());
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertEquals("Device ID: " + id, first, () -> "stderr: " + read(log));
      String second = out.readLine();
      assertTrue(second.startsWith("Listening for peers on 127.0.0.1:"), second);
      assertTrue(second.contains("local API on 127.0.0.1:" + api), second);
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

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
