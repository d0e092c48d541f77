package chorus.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the everyday commands once against a throw-away device home, so that {@code bin/chorus} can record
 * the classes they load in a CDS archive ({@code -XX:ArchiveClassesAtExit}) and later commands start from
 * it. Not a command: nothing a user would call, and it must not appear in help or completion.
 *
 * <p>It runs only in an interpreter-only JVM ({@code -Xint}). JDK 17 archives a method's "queued for
 * compilation" flag (JDK-8306460, fixed in JDK 21): a method whose compilation was pending when the
 * training JVM exited is never compiled in any JVM that uses the archive. One archive in six made this way
 * had {@code SHA2.implCompress} so, and SHA-256 ran interpreted at a quarter of its speed for the first
 * seconds of every scan (docs/BENCHMARKS.md). Without a JIT nothing is ever queued.
 */
public final class StartupTraining {
  static final String PEER = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD";

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    if (!interpreterOnly(System.getProperty("java.vm.info", ""))) {
      System.err.println("StartupTraining: run it with -Xint, or the archive may keep methods from being compiled");
      System.exit(1);
    }
    Path tmp = Files.createTempDirectory("chorus-training");
    try {
      Path home = tmp.resolve("home");
      Path music = Files.createDirectory(tmp.resolve("music"));
      Map<String, String> env = Map.of("CHORUS_HOME", home.toString());
      PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
      List<String[]> runs = List.of(
          new String[] {"--version"},
          new String[] {"--help"},
          new String[] {"id"},
          new String[] {"inti"},
          new String[] {"init", "--name", "training"},
          new String[] {"id"},
          new String[] {"folder", "add", "music", music.toString()},
          new String[] {"device", "add", PEER, "--name", "peer", "--address", "tcp://127.0.0.1:22200",
              "--allowed-network", "127.0.0.0/8"},
          new String[] {"folder", "share", "music", PEER},
          new String[] {"folder", "list"},
          new String[] {"folder", "list", "--json"},
          new String[] {"device", "list"},
          new String[] {"device", "list", "--json"},
          new String[] {"device", "remove", PEER},
          new String[] {"folder", "remove", "music"},
          new String[] {"folder", "add", "--help"},
          new String[] {"completion", "bash"});
      for (String[] run : runs) {
        Main.execute(env, sink, sink, run);
      }
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Whether {@code java.vm.info} says the JVM runs without a JIT, as {@code -Xint} makes it. */
  static boolean interpreterOnly(String vmInfo) {
    return vmInfo.startsWith("interpreted mode");
  }
}
