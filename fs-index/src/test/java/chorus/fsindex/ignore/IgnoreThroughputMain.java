package chorus.fsindex.ignore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures how long matching 100,000 music-library paths against a typical ignore file takes
 * (not a test: run by hand, see docs/ARCHITECTURE.md). Prints the median of several rounds, since the
 * machine is shared.
 */
public final class IgnoreThroughputMain {
  private IgnoreThroughputMain() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Arrays.asList(
        "// typical junk",
        "(?d).DS_Store",
        "(?d)Thumbs.db",
        "(?d)desktop.ini",
        "(?d)._*",
        "@eaDir",
        "*.tmp",
        "*.part",
        "*~",
        ".~lock.*#",
        "(?i)*.log",
        "{*.m3u,*.pls}",
        "**/cache/**",
        "!/Scratch/keep",
        "/Scratch",
        "/Incoming",
        "[0-9][0-9][0-9][0-9]-backup");
    IgnoreMatcher m = IgnoreMatcher.parse(lines, "bench");
    List<String> paths = paths(100_000, new Random(1));
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    long[] nanos = new long[rounds];
    long[] skipNanos = new long[rounds];
    int ignored = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      ignored = 0;
      for (String p : paths) {
        if (m.isIgnored(p, false)) {
          ignored++;
        }
      }
      nanos[r] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      int skips = 0;
      for (String p : paths) {
        if (m.canSkipDirectory(p.substring(0, p.lastIndexOf('/')))) {
          skips++;
        }
      }
      skipNanos[r] = System.nanoTime() - t0;
      if (skips < 0) {
        throw new AssertionError();
      }
    }
    Arrays.sort(nanos);
    Arrays.sort(skipNanos);
    long median = nanos[rounds / 2];
    System.out.printf("patterns: %d lines, paths: %d, ignored: %d%n", m.patterns().size(), paths.size(), ignored);
    System.out.printf("isIgnored: median %.1f ms per 100k paths (%.0f ns/path), best %.1f ms, worst %.1f ms%n",
        median / 1e6, median / (double) paths.size(), nanos[0] / 1e6, nanos[rounds - 1] / 1e6);
    System.out.printf("canSkipDirectory: median %.1f ms per 100k directories%n", skipNanos[rounds / 2] / 1e6);
  }

  static List<String> paths(int n, Random random) {
    String[] artists = {"Björk", "Sigur Rós", "Mötley Crüe", "The Beatles", "坂本龍一", "Ólafur Arnalds",
        "Massive Attack", "Nina Simone", "Давид Тухманов", "Bach, Johann Sebastian"};
    String[] extras = {"cover.jpg", "folder.jpg", ".DS_Store", "Thumbs.db", "album.m3u", "rip.log", "x.tmp"};
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String artist = artists[random.nextInt(artists.length)] + (i % 97);
      String album = "Album " + (i % 13) + " (" + (1960 + i % 60) + ")";
      String name = random.nextInt(10) == 0
          ? extras[random.nextInt(extras.length)]
          : String.format("%02d Track number %d.flac", 1 + i % 20, i);
      out.add(artist + "/" + album + "/" + name);
    }
    return out;
  }
}
