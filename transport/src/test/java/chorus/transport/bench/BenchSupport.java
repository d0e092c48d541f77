package chorus.transport.bench;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.transport.node.NetTransport;
import chorus.transport.node.NodeSettings;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.TlsProviderPreference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Files, identities, configs and statistics shared by the benchmark's processes. */
final class BenchSupport {
  private BenchSupport() {}

  static void writeIdentity(Path dir, DeviceIdentity identity) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cert.pem"), identity.certificatePem());
    Files.writeString(dir.resolve("key.pem"), identity.privateKeyPem());
  }

  static DeviceIdentity readIdentity(Path dir) throws IOException {
    return DeviceIdentity.fromPem(Files.readString(dir.resolve("cert.pem")), Files.readString(dir.resolve("key.pem")));
  }

  static DeviceIdentity newIdentity() {
    return DeviceIdentity.generate(Instant.now(), new SecureRandom());
  }

  /** Writes {@code text} to {@code file} so a reader never sees half of it. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits (polling) until {@code file} exists; a server process writes it when ready. */
  static String awaitFile(Path file, long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("timed out waiting for " + file);
      }
      Thread.sleep(20);
    }
    return Files.readString(file).trim();
  }

  static ChorusConfig config(String name, DeviceConfig peer) {
    return new ChorusConfig(name, new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "bench-api-key-0123456789", List.of(), List.of(peer), null);
  }

  static NodeSettings settings(String tls, String transport) {
    return NodeSettings.defaults()
        .withTls(TlsProviderPreference.parse(tls))
        .withTransport(NetTransport.Preference.parse(transport));
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.min(sorted.size() - 1, Math.max(0, Math.round(p * (sorted.size() - 1))));
    return sorted.get(i);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** CPU time this whole process has used so far, nanoseconds (all threads, JIT and GC included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Keeps {@code DIR/server-cpu} holding this process's CPU time, so the client can charge it per round. */
  static void publishCpu(Path dir) {
    Thread t = new Thread(() -> {
      while (true) {
        try {
          writeAtomically(dir.resolve("server-cpu"), String.valueOf(processCpuNanos()));
          Thread.sleep(50);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }, "cpu-publisher");
    t.setDaemon(true);
    t.start();
  }

  /** The server's CPU time as last published (nanoseconds), or -1. */
  static long serverCpuNanos(Path dir) {
    try {
      return Long.parseLong(Files.readString(dir.resolve("server-cpu")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Measures one round: wall time, and the CPU both processes spent. The server publishes its CPU time
   * every 50 ms; it is idle between rounds, so a sample taken before the round and one taken 150 ms
   * after it bracket exactly the round's work.
   */
  static final class Round {
    private final Path dir;
    private final long server0;
    private final long client0;
    private final long wall0;

    Round(Path dir) {
      this.dir = dir;
      this.server0 = serverCpuNanos(dir);
      this.client0 = processCpuNanos();
      this.wall0 = System.nanoTime();
    }

    /** One line: bytes, seconds, GB/s, and CPU seconds per GB of each side. */
    String finish(long bytes, List<Double> rates, List<Double> cpuPerGb, boolean counted) throws InterruptedException {
      double seconds = (System.nanoTime() - wall0) / 1e9;
      long client = processCpuNanos() - client0;
      Thread.sleep(150);
      long server = serverCpuNanos(dir) - server0;
      double gb = bytes / 1e9;
      double gbps = gb / seconds;
      double clientPerGb = client / 1e9 / gb;
      double serverPerGb = server / 1e9 / gb;
      if (counted) {
        rates.add(gbps);
        cpuPerGb.add(clientPerGb + serverPerGb);
      }
      return bytes + " bytes in " + fmt(seconds) + " s = " + fmt(gbps) + " GB/s; CPU s/GB client " + fmt(clientPerGb)
          + " + server " + fmt(serverPerGb) + " = " + fmt(clientPerGb + serverPerGb);
    }
  }

  /** Reads {@code --name value} options after the mode and directory. */
  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--" + name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
