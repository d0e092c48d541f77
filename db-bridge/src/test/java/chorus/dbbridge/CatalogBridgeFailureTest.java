package chorus.dbbridge;

import static chorus.dbbridge.BridgeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.dbbridge.schema.Migrations;
import chorus.core.config.CatalogConfig;
import chorus.core.config.CatalogLink;
import chorus.core.feed.ChangeOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Migrations racing, the database going away and coming back, the daemon restarting, and bad settings. */
class CatalogBridgeFailureTest extends BridgeTest {

  @Test
  void migrationsAreIdempotentAndTwoDaemonsStartingAtOnceSerialise() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<Integer>>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          runs.add(pool.submit((Callable<List<Integer>>) () -> {
            try (Connection c = pg.connect(f.db)) {
              return Migrations.migrate(c);
            }
          }));
        }
        int applied = 0;
        for (Future<List<Integer>> r : runs) {
          applied += r.get().size(); // none fails
        }
        assertEquals(Migrations.latest(), applied, "each migration applied by exactly one of them");
      } finally {
        pool.shutdown();
      }
      try (Connection c = pg.connect(f.db)) {
        assertTrue(Migrations.migrate(c).isEmpty(), "a second run changes nothing");
      }
      assertEquals(Integer.toString(Migrations.latest()), f.query("SELECT count(*) FROM chorus.schema_version"));
    }
  }

  @Test
  void theDatabaseRestartingAndTheDaemonRestartingLoseNothingAndApplyNothingTwice() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      // Counts the updates of songs made in origin sessions: a rename applied twice would show.
      f.execute("CREATE TABLE song_updates (n int)", "INSERT INTO song_updates VALUES (0)",
          "CREATE FUNCTION count_update() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN UPDATE song_updates SET n = n + 1; RETURN NULL; END $$",
          "CREATE TRIGGER count_update AFTER UPDATE ON songs FOR EACH ROW EXECUTE FUNCTION count_update()",
          "INSERT INTO songs (id, title, file_path) VALUES (1, 'one', 'one.flac')");
      f.folder.seed("one.flac", "one".getBytes(StandardCharsets.UTF_8));
      CatalogBridge b = f.start();
      await("first link", () -> b.status().lastLink() != null);

      pg.stop();
      f.folder.rename("one.flac", "r/one.flac", ChangeOrigin.LOCAL);
      for (int i = 0; i < 50; i++) {
        f.folder.write("new/" + i + ".mp3", ("song " + i).getBytes(StandardCharsets.UTF_8), ChangeOrigin.LOCAL);
      }
      await("bridge reports the database down", () -> b.status().state() == BridgeStatus.State.DOWN);
      assertTrue(b.status().error().startsWith("catalog chorus_app@127.0.0.1:" + pg.port()), b.status().error());
      assertFalse(b.status().error().contains("\n"));
      assertTrue(b.status().lagEntries() > 0, "the lag shows what waits");
      pg.restart();
      await("caught up after the restart", () -> b.status().state() == BridgeStatus.State.CONNECTED
          && b.status().lagEntries() == 0);
      assertEquals("r/one.flac", f.query("SELECT file_path FROM songs WHERE id = 1"));
      assertEquals("50", f.query("SELECT count(*) FROM chorus.file_state WHERE path LIKE 'new/%' AND state = 'present'"));

      b.close(); // the daemon stops; changes go on meanwhile
      f.folder.rename("r/one.flac", "s/one.flac", ChangeOrigin.LOCAL);
      f.folder.delete("new/3.mp3", ChangeOrigin.LOCAL);
      CatalogBridge again = f.start();
      await("caught up after the daemon's restart", () -> again.status().state() == BridgeStatus.State.CONNECTED
          && again.status().lagEntries() == 0 && again.status().appliedSeq() == f.folder.latest());
      assertEquals("s/one.flac", f.query("SELECT file_path FROM songs WHERE id = 1"));
      assertEquals("2", f.query("SELECT n FROM song_updates"), "two renames, each applied once");
      assertEquals(null, f.state("new/3.mp3"));
    }
  }

  @Test
  void badSettingsGiveOneClearLineAndNeverThrow() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      Path wrong = dir.resolve("wrong.password");
      Files.writeString(wrong, "not-it\n");
      Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
      assertDown(new CatalogConfig(pg.jdbcUrl(f.db), BridgeFixture.USER, wrong.toString(), f.folder.id(), null),
          f, "password authentication failed");
      assertDown(new CatalogConfig("jdbc:postgresql://127.0.0.1:1/" + f.db, BridgeFixture.USER,
          f.passwordFile.toString(), f.folder.id(), null), f, "Connection to 127.0.0.1:1 refused");
      assertDown(f.config(new CatalogLink(CatalogLink.Kind.FILE_PATH, "songs", "id", "path_of_file", null, null, null)),
          f, "column songs.path_of_file does not exist");
      assertDown(f.config(new CatalogLink(CatalogLink.Kind.FILE_PATH, "tracks", "id", null, null, null, null)),
          f, "table tracks does not exist");
      Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-r--r--"));
      assertDown(new CatalogConfig(pg.jdbcUrl(f.db), BridgeFixture.USER, wrong.toString(), f.folder.id(), null),
          f, "readable or writable by others");
    }
  }

  private static void assertDown(CatalogConfig config, BridgeFixture f, String why) throws Exception {
    try (CatalogBridge b = new CatalogBridge(config, f.folder.id(), f.folder, f.folder, Clock.systemUTC()).start()) {
      await("down: " + why, () -> b.status().state() == BridgeStatus.State.DOWN);
      String error = b.status().error();
      assertTrue(error.contains(why), error);
      assertFalse(error.contains("\n"), error);
      assertFalse(error.contains(BridgeFixture.PASSWORD) || error.contains("not-it"), "no password in the message");
    }
  }
}
