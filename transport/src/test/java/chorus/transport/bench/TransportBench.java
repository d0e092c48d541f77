package chorus.transport.bench;

import static chorus.transport.bench.BenchSupport.fmt;
import static chorus.transport.bench.BenchSupport.option;

import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkSource;
import chorus.transport.node.NodeService;
import chorus.transport.peer.PeerConnection;
import chorus.transport.testing.FileChunkSource;
import chorus.transport.tls.DeviceIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport benchmark, one process per role (bench/transport-bench.sh runs them):
 *
 * <pre>
 *   setup DIR                         two device identities: DIR/server, DIR/client
 *   gen DATA --files N --mb M         N files of M MiB of random bytes
 *   serve DIR --source files|memory [--data DATA] [--tls P] [--transport T]
 *                                     a node serving chunks; writes DIR/port and DIR/manifest when ready
 *   fetch DIR [--rounds N] [--warmup W] [--tls P]
 *                                     a node fetching every chunk of the manifest: W rounds to warm the JIT,
 *                                     then N measured rounds (GB/s, and CPU seconds per GB of both processes)
 *   handshake DIR [--count N]         N times: dial, TLS, Hello and ClusterConfig both ways; ms each
 * </pre>
 *
 * Both nodes are real {@link NodeService}s with real identities, on 127.0.0.1 only.
 */
public final class TransportBench {
  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: TransportBench setup|gen|serve|fetch|handshake DIR [options]");
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "setup" -> {
        BenchSupport.writeIdentity(dir.resolve("server"), BenchSupport.newIdentity());
        BenchSupport.writeIdentity(dir.resolve("client"), BenchSupport.newIdentity());
      }
      case "gen" -> gen(dir, Integer.parseInt(option(args, "files", "40")), Integer.parseInt(option(args, "mb", "25")));
      case "serve" -> serve(dir, args);
      case "fetch" -> fetch(dir, args);
      case "handshake" -> handshake(dir, args);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void gen(Path data, int files, int mb) throws IOException {
    Files.createDirectories(data);
    SplittableRandom random = new SplittableRandom(7);
    byte[] block = new byte[1 << 20];
    for (int f = 0; f < files; f++) {
      Path file = data.resolve(String.format("Artist %02d/Album/%02d Track.flac", f % 8, f));
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        // Not a multiple of the chunk size: the last chunk of each file is short, as in real files.
        int size = mb * (1 << 20) + 12345 * (f + 1);
        for (int written = 0; written < size; written += block.length) {
          for (int i = 0; i < block.length; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
              block[i + k] = (byte) (v >>> (8 * k));
            }
          }
          out.write(block, 0, Math.min(block.length, size - written));
        }
      }
    }
  }

  private static void serve(Path dir, String[] args) throws Exception {
    DeviceIdentity me = BenchSupport.readIdentity(dir.resolve("server"));
    DeviceId client = BenchSupport.readIdentity(dir.resolve("client")).deviceId();
    String sourceKind = option(args, "source", "files");
    ChunkSource source;
    StringBuilder manifest = new StringBuilder();
    if (sourceKind.equals("files")) {
      // STAT: the file's size and mtime prove it unchanged since hashed, as the index does it.
      FileChunkSource files = FileChunkSource.index(Path.of(option(args, "data", "data")), FileChunkSource.Verify.STAT);
      for (ChunkHash h : files.hashes()) {
        manifest.append(h).append(' ').append(files.location(h).length()).append('\n');
      }
      source = files;
    } else {
      int length = FileChunkSource.CHUNK;
      MemoryChunkSource memory = new MemoryChunkSource(256, length, 11);
      long total = Long.parseLong(option(args, "bytes", String.valueOf(1L << 30)));
      for (long sent = 0; sent < total; sent += length) {
        ChunkHash h = memory.hashes().get((int) ((sent / length) % memory.hashes().size()));
        manifest.append(h).append(' ').append(length).append('\n');
      }
      source = memory;
    }
    NodeService node = NodeService.builder(me, BenchSupport.config("bench-server",
            new DeviceConfig(client, "bench-client", List.of(), List.of())))
        .settings(BenchSupport.settings(option(args, "tls", "auto"), option(args, "transport", "auto")))
        .chunkSource(source)
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    BenchSupport.publishCpu(dir);
    BenchSupport.writeAtomically(dir.resolve("manifest"), manifest.toString());
    BenchSupport.writeAtomically(dir.resolve("port"), String.valueOf(node.listenAddress().getPort()));
    System.out.println("server ready: " + node.tlsProviderName() + " TLS, " + node.transportName() + ", "
        + sourceKind + " source, port " + node.listenAddress().getPort());
    Thread.currentThread().join(); // until killed
  }

  private static NodeService client(Path dir, String[] args, boolean dialAutomatically) throws Exception {
    DeviceIdentity me = BenchSupport.readIdentity(dir.resolve("client"));
    DeviceId server = BenchSupport.readIdentity(dir.resolve("server")).deviceId();
    int port = Integer.parseInt(BenchSupport.awaitFile(dir.resolve("port"), 120));
    List<TcpAddress> addresses = dialAutomatically ? List.of(new TcpAddress("127.0.0.1", port)) : List.of();
    return NodeService.builder(me, BenchSupport.config("bench-client",
            new DeviceConfig(server, "bench-server", addresses, List.of())))
        .settings(BenchSupport.settings(option(args, "tls", "auto"), option(args, "transport", "auto")))
        .build()
        .start();
  }

  private static void fetch(Path dir, String[] args) throws Exception {
    int rounds = Integer.parseInt(option(args, "rounds", "5"));
    int warmup = Integer.parseInt(option(args, "warmup", "2"));
    String label = option(args, "label", "fetch");
    DeviceId server = BenchSupport.readIdentity(dir.resolve("server")).deviceId();
    try (NodeService node = client(dir, args, true)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (node.connection(server).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("not connected to the server within 60 s");
        }
        Thread.sleep(10);
      }
      List<String> lines = Files.readAllLines(dir.resolve("manifest"));
      List<ChunkHash> hashes = new ArrayList<>();
      List<Integer> lengths = new ArrayList<>();
      for (String line : lines) {
        String[] parts = line.split(" ");
        hashes.add(ChunkHash.parseHex(parts[0]));
        lengths.add(Integer.parseInt(parts[1]));
      }
      List<Double> rates = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (int round = 1 - warmup; round <= rounds; round++) {
        AtomicLong bytes = new AtomicLong();
        BenchSupport.Round measured = new BenchSupport.Round(dir);
        List<CompletableFuture<Void>> done = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
          done.add(node.chunks().fetch(server, hashes.get(i), lengths.get(i)).thenAccept(b -> {
            bytes.addAndGet(b.length());
            b.close();
          }));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.MINUTES);
        System.out.println(label + " round " + round + (round <= 0 ? " (warm-up, not counted)" : "") + ": "
            + measured.finish(bytes.get(), rates, cpu, round > 0));
      }
      PeerConnection c = node.connection(server).orElseThrow();
      System.out.println("RESULT " + label + " tls=" + c.tlsProvider() + " transport=" + node.transportName()
          + " median_GBps=" + fmt(BenchSupport.median(rates)) + " min_GBps=" + fmt(rates.stream().min(Double::compare).orElseThrow())
          + " max_GBps=" + fmt(rates.stream().max(Double::compare).orElseThrow()) + " rounds=" + rates.size()
          + " median_cpu_s_per_GB=" + fmt(BenchSupport.median(cpu))
          + " chunks_per_round=" + hashes.size() + " bad_chunks=" + c.badChunks());
    }
  }

  private static void handshake(Path dir, String[] args) throws Exception {
    int count = Integer.parseInt(option(args, "count", "50"));
    DeviceId server = BenchSupport.readIdentity(dir.resolve("server")).deviceId();
    int port = Integer.parseInt(BenchSupport.awaitFile(dir.resolve("port"), 120));
    try (NodeService node = client(dir, args, false)) {
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < count + 5; i++) {
        long start = System.nanoTime();
        PeerConnection c = node.dial(server, new TcpAddress("127.0.0.1", port)).get(30, TimeUnit.SECONDS)
            .readyFuture().get(30, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        if (i >= 5) { // the first few warm the JIT
          millis.add(ms);
        }
        c.close("bench: next round");
        c.closeFuture().get(30, TimeUnit.SECONDS);
        // Until the server has forgotten it too, a new connection would be a duplicate.
        Thread.sleep(20);
      }
      System.out.println("RESULT handshake tls=" + node.tlsProviderName() + " transport=" + node.transportName()
          + " median_ms=" + fmt(BenchSupport.median(millis)) + " p10_ms=" + fmt(BenchSupport.percentile(millis, 0.1))
          + " p90_ms=" + fmt(BenchSupport.percentile(millis, 0.9)) + " count=" + millis.size());
    }
  }
}
