package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.dbbridge.testing.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hosts, each with its own PostgreSQL and its own daemon, the catalog bridge on both, and the trigger
 * path driven as Bucardo drives it (rows applied in a {@code session_replication_role = replica} session).
 */
class CatalogSyncTest extends ClusterTest {
  static final int BACKLOG = 120;
  static final int FILE_SIZE = 256 * 1024;
  static final String LATE = "zzz/late arrival.flac"; // sorts last: in path order it would be pulled last

  private PgCluster pgA;
  private PgCluster pgB;
  private long savedBatchBytes;

  @AfterEach
  void stopDatabases() {
    FolderSync.batchBytes = savedBatchBytes == 0 ? FolderSync.batchBytes : savedBatchBytes;
    if (pgA != null) {
      pgA.close();
    }
    if (pgB != null) {
      pgB.close();
    }
  }

  private Path database(PgCluster pg, String name) throws Exception {
    pg.createArchive("archive_production");
    pg.createRole("chorus_app", "secret-" + name, true);
    Path pw = tmp.resolve(name + ".password");
    Files.writeString(pw, "secret-" + name + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    return pw;
  }

  /** Waits until {@code sql}'s first value is {@code expected} (a database not ready yet is asked again). */
  private static void awaitQuery(String what, PgCluster pg, String sql, String expected) throws InterruptedException {
    SyncCluster.await(what, () -> {
      try {
        return expected.equals(query(pg, sql));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static String query(PgCluster pg, String sql) throws Exception {
    try (Connection c = pg.connect("archive_production"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aSongRowAppliedBeforeItsFileIsPendingItsFileComesFirstAndThenItIsPresent() throws Exception {
    savedBatchBytes = FolderSync.batchBytes;
    FolderSync.batchBytes = 4L << 20; // small batches: the backlog is small too
    pgA = PgCluster.start();
    pgB = PgCluster.start();
    Path pwA = database(pgA, "a");
    Path pwB = database(pgB, "b");
    cluster = new SyncCluster(tmp, "alpha", "beta");
    SyncCluster.Node a = cluster.node(0);
    SyncCluster.Node b = cluster.node(1);
    SyncCluster.chorus(a.home, "catalog", "set", "--url", pgA.jdbcUrl("archive_production"), "--user", "chorus_app",
        "--password-file", pwA.toString());
    SyncCluster.chorus(b.home, "catalog", "set", "--url", pgB.jdbcUrl("archive_production"), "--user", "chorus_app",
        "--password-file", pwB.toString());

    for (int i = 0; i < BACKLOG; i++) {
      SyncCluster.write(a.music.resolve(String.format("backlog/%03d.flac", i)), FILE_SIZE, i);
    }
    SyncCluster.write(a.music.resolve(LATE), FILE_SIZE, 999);
    pgA.execute("archive_production", "INSERT INTO songs (id, title, file_path) VALUES (1, 'late', '" + LATE + "')");
    // The row reaches B's database before any file does, as Bucardo applies it.
    pgB.executeAsReplica("archive_production", "INSERT INTO songs (id, title, file_path) VALUES (1, 'late', '" + LATE + "')");

    b.start();
    awaitQuery("B's row pending", pgB, "SELECT state FROM chorus.file_state WHERE song_id = 1", "pending");
    a.start();
    Path late = b.music.resolve(LATE);
    long backlogThen = -1;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(late)) {
        backlogThen = backlogOnB(b);
        break;
      }
      Thread.sleep(5);
    }
    assertTrue(backlogThen >= 0, "the late file arrived");
    long arrived = System.nanoTime();
    awaitQuery("B's row present", pgB, "SELECT state FROM chorus.file_state WHERE song_id = 1", "present");
    long presentMs = (System.nanoTime() - arrived) / 1_000_000;
    System.out.println("catalog-sync: late file arrived with " + backlogThen + " of " + BACKLOG
        + " backlog files on B; its row was present " + presentMs + " ms after the file");
    assertTrue(backlogThen < BACKLOG / 2, "the pending file came ahead of the backlog (" + backlogThen
        + " of " + BACKLOG + " backlog files were there first)");
    cluster.awaitConverged();
    var status = b.status().get("catalog");
    assertEquals("connected", status.get("state").asText(), status.toString());
    assertTrue(SyncCluster.chorus(b.home, "status").out().contains("Catalog chorus_app@127.0.0.1:" + pgB.port()
        + "/archive_production: connected"), "chorus status shows the bridge");
    assertEquals("present", query(pgA, "SELECT state FROM chorus.file_state WHERE song_id = 1"));
    assertEquals(Integer.toString(BACKLOG), query(pgB, "SELECT count(*) FROM chorus.file_state"
        + " WHERE path LIKE 'backlog/%' AND state = 'present' AND song_id IS NULL"));

    // A rename on A: A's song row follows (A is the origin); B's row is left to Bucardo.
    Files.createDirectories(a.music.resolve("renamed"));
    Files.move(a.music.resolve(LATE), a.music.resolve("renamed/late.flac"));
    awaitQuery("A's song row renamed", pgA, "SELECT file_path FROM songs WHERE id = 1", "renamed/late.flac");
    SyncCluster.await("B got the rename", () -> Files.exists(b.music.resolve("renamed/late.flac")));
    awaitQuery("B's per-host table has it", pgB,
        "SELECT state FROM chorus.file_state WHERE path = 'renamed/late.flac'", "present");
    assertEquals(LATE, query(pgB, "SELECT file_path FROM songs WHERE id = 1"), "the received rename wrote no song row");
    // The check says what is unlinked: the backlog has no song rows; the one song has its file.
    var check = new chorus.cli.CliRun(a.home).run("catalog", "check", "--json");
    assertEquals(1, check.code(), check.out() + check.err());
    var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(check.out());
    assertEquals(0, report.path("songsWithoutFile").path("count").asLong(), check.out());
    assertEquals(BACKLOG, report.path("filesWithoutSong").path("count").asLong(), check.out());
    pgA.execute("archive_production", "INSERT INTO songs (id, title, file_path) SELECT 100 + g, 'b' || g,"
        + " 'backlog/' || lpad(g::text, 3, '0') || '.flac' FROM generate_series(0, " + (BACKLOG - 1) + ") g");
    awaitQuery("A's backlog linked", pgA, "SELECT count(*) FROM chorus.file_state WHERE song_id IS NULL", "0");
    var clean = new chorus.cli.CliRun(a.home).run("catalog", "check");
    assertEquals(0, clean.code(), clean.out() + clean.err());

    // (B deletes the old name after the engine's rename grace.)
    SyncCluster.await("B dropped the old name", () -> !Files.exists(b.music.resolve(LATE)));
    // A full link on demand rebuilds B's table: B's song row still names the old path (Bucardo has not
    // brought A's update), so the song's file is missing there and the renamed file is not linked yet.
    String linked = SyncCluster.chorus(b.home, "catalog", "link").out();
    assertTrue(linked.contains("linked: " + (BACKLOG + 1) + " file(s), 0 linked to songs, 0 pending, 1 missing"), linked);
    // Bucardo applies A's update on B (DELETE + INSERT in a replica session): B links the song to the new name.
    pgB.executeAsReplica("archive_production", "DELETE FROM songs WHERE id = 1",
        "INSERT INTO songs (id, title, file_path) VALUES (1, 'late', 'renamed/late.flac')");
    awaitQuery("B's song linked at the new name, nothing missing", pgB, "SELECT (SELECT state FROM chorus.file_state"
        + " WHERE song_id = 1) || ':' || (SELECT count(*) FROM chorus.file_state WHERE state = 'missing')", "present:0");
    String state = SyncCluster.chorus(b.home, "catalog", "status").out();
    assertTrue(state.contains(": connected") && state.contains("pending files 0"), state);
    SyncCluster.chorus(b.home, "catalog", "set", "--off");
    SyncCluster.await("B's bridge off", () -> {
      try {
        return b.status().get("catalog").isNull();
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  private static long backlogOnB(SyncCluster.Node b) throws Exception {
    Path dir = b.music.resolve("backlog");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".flac")).count();
    }
  }
}
