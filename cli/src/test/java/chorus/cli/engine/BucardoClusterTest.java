package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.dbbridge.bucardo.BucardoSetup;
import chorus.dbbridge.bucardo.BucardoTeardown;
import chorus.dbbridge.testing.PgCluster;
import chorus.cli.CliRun;
import chorus.cli.config.ConfigStore;
import chorus.core.config.CatalogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 with three chorus daemons, three PostgreSQL 15 clusters and real Bucardo: the daemons announce
 * their catalogs, {@code chorus bucardo} on host a finds every database from the announcements alone, a
 * song row inserted on a reaches b and c by Bucardo and its file by chorus, and the daemon's watchdog on a
 * restores replication after c's PostgreSQL was down, with no hand on the keyboard.
 */
class BucardoClusterTest extends ClusterTest {
  private static final String DB = "archive_production";
  private static final String[] FAST = {"--role", "postgres", "--set", "kid_sleep=0.05", "--set", "ctl_sleep=0.05",
      "--set", "mcp_loop_sleep=0.05", "--set", "mcp_dbproblem_sleep=1"};

  @Test
  void daemonsAnnounceCatalogsAndTheBucardoHostKeepsTheOneSyncAlive() throws Exception {
    System.setProperty("chorus.bucardo.checkMs", "300");
    List<PgCluster> pgs = new ArrayList<>();
    BucardoSetup setup = null;
    try {
      for (int i = 0; i < 3; i++) {
        PgCluster pg = PgCluster.start();
        pgs.add(pg);
        pg.createArchive(DB);
      }
      cluster = new SyncCluster(tmp, "a", "b", "c");
      for (int i = 0; i < 3; i++) {
        String url = pgs.get(i).jdbcUrl(DB);
        new ConfigStore(cluster.node(i).home.resolve("config.json")).edit(c -> c.withCatalog(new CatalogConfig(url, "postgres")));
      }
      cluster.startAll();
      SyncCluster.Node a = cluster.node(0);
      Path announced = a.home.resolve("peer-catalogs.json");
      SyncCluster.await("a to learn b's and c's catalogs", () -> {
        try {
          String text = Files.readString(announced, StandardCharsets.UTF_8);
          return text.contains(pgs.get(1).jdbcUrl(DB)) && text.contains(pgs.get(2).jdbcUrl(DB));
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertTrue(!Files.readString(announced).toLowerCase().contains("password"));

      CliRun.Result doctor = new CliRun(a.home).run(args("bucardo", "doctor"));
      assertEquals(1, doctor.code(), doctor.toString());
      assertTrue(doctor.out().contains("public.albums_artists: no primary key"), doctor.out());
      CliRun.Result apply = new CliRun(a.home).run(args("bucardo", "apply"));
      assertEquals(0, apply.code(), apply.toString());
      setup = BucardoSetup.load(a.home.resolve("bucardo")).orElseThrow();
      assertEquals(0, new CliRun(a.home).run(args("bucardo", "doctor")).code());

      // A song row and its file, both made on a.
      Path song = a.music.resolve("Artist/Album/01 Song.flac");
      Files.createDirectories(song.getParent());
      SyncCluster.write(song, 300_000, 7);
      long made = System.nanoTime();
      pgs.get(0).execute(DB, "INSERT INTO songs (title, file_path) VALUES ('Song', 'Artist/Album/01 Song.flac')");
      for (int i = 1; i < 3; i++) {
        SyncCluster.Node n = cluster.node(i);
        PgCluster pg = pgs.get(i);
        SyncCluster.await("the row and the file on " + n.name, () -> Files.isRegularFile(n.music.resolve(
            "Artist/Album/01 Song.flac")) && count(pg, "file_path = 'Artist/Album/01 Song.flac'") == 1);
      }
      System.out.printf("BENCH song-row-and-file-on-b-and-c-ms %d%n", (System.nanoTime() - made) / 1_000_000);
      // Each host's catalog bridge says so: the song's file is present there, linked to the row Bucardo brought.
      for (int i = 1; i < 3; i++) {
        PgCluster pg = pgs.get(i);
        SyncCluster.await("the song present in " + cluster.node(i).name + "'s per-host table", () -> "present".equals(
            stateOf(pg, "Artist/Album/01 Song.flac")));
      }
      System.out.printf("BENCH song-row-and-file-present-on-b-and-c-ms %d%n", (System.nanoTime() - made) / 1_000_000);

      SyncCluster.await("chorus status to show the sync running",
          () -> statusText(a).contains("Bucardo  sync chorus_archive: running"));
      pgs.get(2).stop();
      pgs.get(0).execute(DB, "INSERT INTO songs (title) VALUES ('while-c-down')");
      SyncCluster.await("the watchdog to see the stall", () -> statusText(a).contains(": waiting ("));
      pgs.get(2).restart();
      long back = System.nanoTime();
      SyncCluster.await("the missed row on c", () -> count(pgs.get(2), "title = 'while-c-down'") == 1);
      System.out.printf("BENCH daemon-watchdog-host-return-to-restored-ms %d%n", (System.nanoTime() - back) / 1_000_000);
      String status = statusText(a);
      assertTrue(status.contains("c was unreachable; every host answers again"), status);
    } finally {
      if (cluster != null) {
        cluster.close(); // the daemons first: no watchdog restarts what the teardown stops
        cluster = null;
      }
      BucardoTeardown.stop(setup);
      for (PgCluster pg : pgs) {
        pg.close();
      }
      System.clearProperty("chorus.bucardo.checkMs");
    }
  }

  private static String[] args(String... words) {
    String[] all = new String[words.length + FAST.length];
    System.arraycopy(words, 0, all, 0, words.length);
    System.arraycopy(FAST, 0, all, words.length, FAST.length);
    return all;
  }

  private static String statusText(SyncCluster.Node n) {
    CliRun.Result r = new CliRun(n.home).run("status");
    return r.out();
  }

  /** The per-host state of a path if it is linked to a song, else null. */
  private static String stateOf(PgCluster pg, String path) {
    try (Connection c = pg.connect(DB); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT state FROM chorus.file_state WHERE song_id IS NOT NULL AND path = '"
            + path.replace("'", "''") + "'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      return null; // the bridge has not made its schema yet
    }
  }

  private static long count(PgCluster pg, String where) {
    try (Connection c = pg.connect(DB); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM songs WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      return -1;
    }
  }
}
