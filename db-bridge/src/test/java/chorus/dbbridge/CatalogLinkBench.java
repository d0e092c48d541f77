package chorus.dbbridge;

import chorus.dbbridge.testing.PgCluster;
import chorus.core.feed.ChangeOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire runs *Test classes only): the catalog bridge at scale, run by
 * {@code bench/catalog-bench.sh}. A catalog of N songs and a tree of N files (default 200k): the first full
 * link, three times on fresh databases; then the feed lag, the time from a file's feed entry to its row
 * being present, over 200 single changes. Prints medians.
 */
class CatalogLinkBench {
  static final int N = Integer.getInteger("chorus.bench.songs", 200_000);
  static final int RUNS = Integer.getInteger("chorus.bench.runs", 3);

  @Test
  void firstLinkAndFeedLag() throws Exception {
    Path dir = Files.createTempDirectory("chorus-catalog-bench");
    try (PgCluster pg = PgCluster.start()) {
      BridgeFixture.createUser(pg);
      List<Long> links = new ArrayList<>();
      List<Long> lags = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        try (BridgeFixture f = new BridgeFixture(pg, Files.createDirectories(dir.resolve("run" + run)))) {
          f.execute("INSERT INTO songs (id, title, file_path) SELECT g, 'song ' || g,"
              + " 'Artist ' || (g / 1000) || '/Album ' || (g / 10) || '/' || g || ' title.flac' FROM generate_series(1, " + N + ") g",
              "ANALYZE songs");
          for (int i = 1; i <= N; i++) {
            f.folder.seedRecordOnly("Artist " + (i / 1000) + "/Album " + (i / 10) + "/" + i + " title.flac",
                ("content " + i).getBytes(StandardCharsets.UTF_8));
          }
          long t0 = System.nanoTime();
          CatalogBridge b = f.start();
          BridgeFixture.await("first link", () -> b.status().lastLink() != null);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          links.add(ms);
          System.out.println("catalog-bench: run " + run + ": first link of " + N + " songs / " + N + " files: " + ms
              + " ms (" + f.query("SELECT count(*) FROM chorus.file_state WHERE state = 'present' AND song_id IS NOT NULL")
              + " linked)");
          if (run == 0) {
            for (int i = 0; i < 200; i++) {
              String path = "new/" + i + ".flac";
              f.execute("INSERT INTO songs (id, title, file_path) VALUES (" + (N + 1 + i) + ", 'n', '" + path + "')");
              BridgeFixture.await("pending", () -> f.state(path) != null);
              long s0 = System.nanoTime();
              f.folder.write(path, ("new " + i).getBytes(StandardCharsets.UTF_8), ChangeOrigin.LOCAL);
              BridgeFixture.await("present", () -> f.state(path).startsWith("present"));
              lags.add((System.nanoTime() - s0) / 1_000);
            }
          }
        }
      }
      Collections.sort(links);
      Collections.sort(lags);
      System.out.println("catalog-bench: first link median " + links.get(links.size() / 2) + " ms over " + RUNS
          + " runs " + links + "; file arrival -> row present median " + lags.get(lags.size() / 2) / 1000.0
          + " ms, p90 " + lags.get(lags.size() * 9 / 10) / 1000.0 + " ms (200 changes; includes the test's 20 ms polling)");
    }
  }
}
