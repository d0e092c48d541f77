package chorus.dbbridge.bucardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one multi-source sync with real Bucardo 5.6 over three real PostgreSQL 15 clusters (bucardo.md's
 * setting, on loopback): the doctor flags the stock schema, apply sets it up and is idempotent, rows
 * replicate, partitioned inserts keep apart, the per-row customcode beats bucardo_latest's per-table trap,
 * the watchdog brings the sync back after an outage, and the guide's pairwise setup is migrated with its
 * pending changes. Lines starting with "BENCH" are the figures of docs/BENCHMARKS.md.
 *
 * <p>This test covers the rows only; "present in each host's per-host table", which needs the catalog
 * bridge and three daemons, is in cli's {@code BucardoClusterTest}.
 */
class BucardoEndToEndTest {
  private static final String SYNC = BucardoSetup.DEFAULT_SYNC;

  @Test
  void oneSyncIsPlannedAppliedOnceAndKeptAlive() throws Exception {
    try (BucardoLab lab = new BucardoLab()) {
      lab.mark("clusters up");
      List<Finding> stock = Doctor.examine(lab.survey());
      lab.mark("doctor");
      assertFalse(Doctor.safe(stock));
      assertFinding(stock, Finding.Severity.UNSAFE, "public.albums_artists", "no primary key");
      assertFinding(stock, Finding.Severity.UNSAFE, "a: public.songs_id_seq", "stock sequence");
      assertFinding(stock, Finding.Severity.UNSAFE, "c: public.artists_id_seq", "stock sequence");
      assertFinding(stock, Finding.Severity.WARNING, "public.active_storage_blobs", "index_active_storage_blobs_on_key");
      assertFinding(stock, Finding.Severity.WARNING, "public.active_storage_attachments", "no updated_at");
      assertFinding(stock, Finding.Severity.UNSAFE, "bucardo", "not set up");

      Plan plan = Planner.plan(lab.survey());
      assertEquals(List.of("public.active_storage_attachments", "public.active_storage_blobs", "public.albums",
          "public.albums_artists", "public.artists", "public.songs"), plan.tables());
      String script = plan.shell();
      assertTrue(script.contains("--bucardorc " + lab.setup.rcFile()), script);
      assertTrue(script.contains("dbs=a:source,b:source,c:source"), script);
      assertTrue(script.contains("whenrun=conflict"), script);
      assertFalse(script.contains("add table public.schema_migrations") || script.contains("_seq db="), script);

      long applyStart = System.nanoTime();
      assertFalse(lab.apply().isEmpty());
      long first = lab.insertSong("a", "first");
      lab.await("the first row on b and c",
          () -> "first".equals(lab.title("b", first)) && "first".equals(lab.title("c", first)));
      System.out.printf("BENCH apply-to-first-row-ms %d%n", (System.nanoTime() - applyStart) / 1_000_000);
      assertEquals(1, first % 10, "node a of 3 hands out ids ≡ 1 mod 10");

      lab.mark("first row");
      assertEquals(List.of(), lab.apply(), "a second apply changes nothing");
      lab.mark("second apply");
      List<Finding> after = Doctor.examine(lab.survey());
      assertTrue(Doctor.safe(after), after.toString());
      lab.mark("doctor clean");
      perRowConflict(lab);
      lab.mark("per-row conflict");
      outageAndWatchdog(lab);
      lab.mark("outage");
    }
  }

  /** bucardo.md §3(a)'s per-table trap: A edits X, B edits X later, A edits Y; B's X must win everywhere. */
  private static void perRowConflict(BucardoLab lab) throws Exception {
    long x = lab.insertSong("a", "x0");
    long y = lab.insertSong("a", "y0");
    lab.await("x and y everywhere", () -> "y0".equals(lab.title("b", y)) && "y0".equals(lab.title("c", y)));
    lab.cli.check(List.of("stop", "test: make a conflict"));
    new Applier(lab.setup, Connector.PGJDBC, lab.cli, s -> {}).awaitStopped();
    lab.sql("a", "UPDATE songs SET title = 'x-a', updated_at = clock_timestamp() WHERE id = " + x);
    Thread.sleep(20); // B's edit is later by the clock, not by a guess: updated_at is what the customcode reads
    lab.sql("b", "UPDATE songs SET title = 'x-b', updated_at = clock_timestamp() WHERE id = " + x);
    lab.sql("a", "UPDATE songs SET title = 'y-a', updated_at = clock_timestamp() WHERE id = " + y);
    assertEquals(1, lab.apply().size(), "only the start is missing");
    lab.await("y-a everywhere and x settled", () -> {
      String xa = lab.title("a", x);
      return "y-a".equals(lab.title("b", y)) && "y-a".equals(lab.title("c", y))
          && Objects.equals(xa, lab.title("b", x)) && Objects.equals(xa, lab.title("c", x));
    });
    for (String n : List.of("a", "b", "c")) {
      assertEquals("x-b", lab.title(n, x), "the newer edit of row x wins on " + n + "\n" + lab.logTail());
    }
  }

  /** One host down stalls the sync; partitioned inserts keep apart; the watchdog restores it when it returns. */
  private static void outageAndWatchdog(BucardoLab lab) throws Exception {
    Watchdog dog = Watchdog.forSetup(lab.setup, Connector.PGJDBC, Clock.systemUTC());
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    try {
      ticks.scheduleWithFixedDelay(dog::tick, 0, 200, TimeUnit.MILLISECONDS);
      lab.await("the watchdog to see the sync running", () -> "running".equals(dog.status().state()));
      lab.pg("c").stop();
      long onA = lab.insertSong("a", "while-c-down-a");
      long onB = lab.insertSong("b", "while-c-down-b");
      assertNotEquals(onA, onB);
      assertEquals(1, onA % 10);
      assertEquals(2, onB % 10);
      lab.await("the sync to stall while c is down", () -> "waiting".equals(dog.status().state()));
      lab.pg("c").restart();
      long back = System.nanoTime();
      lab.await("the missed rows everywhere", () -> {
        for (String n : List.of("a", "b", "c")) {
          if (lab.title(n, onA) == null || lab.title(n, onB) == null) {
            return false;
          }
        }
        return true;
      });
      System.out.printf("BENCH host-return-to-restored-ms %d%n", (System.nanoTime() - back) / 1_000_000);
      Watchdog.Status s = dog.status();
      assertTrue(s.restarts() >= 1, s.toString());
      assertTrue(s.lastReason().contains("c was unreachable") && s.lastReason().contains("every host answers again"),
          s.toString());
    } finally {
      ticks.shutdownNow();
      ticks.awaitTermination(70, TimeUnit.SECONDS);
    }
  }

  @Test
  void theGuidesPairwiseSetupIsFoundAndMigratedWithNothingLost() throws Exception {
    try (BucardoLab lab = new BucardoLab()) {
      BucardoCli b = lab.cli;
      b.prepareDirs();
      java.nio.file.Files.writeString(lab.setup.rcFile(), lab.setup.rcText());
      b.check(List.of("install", "--batch", "--quiet", "--dbhost", "127.0.0.1", "--dbport",
          Integer.toString(lab.pg("a").port()), "--dbuser", "postgres", "--dbname", "postgres", "--piddir",
          lab.setup.runDir().toString()));
      List<String> set = new java.util.ArrayList<>(List.of("set"));
      lab.setup.config().forEach((k, v) -> set.add(k + "=" + v));
      b.check(set);
      for (String n : List.of("a", "b", "c")) {
        b.check(List.of("add", "db", n, "dbname=" + BucardoLab.DB, "host=127.0.0.1",
            "port=" + lab.pg(n).port(), "user=postgres"));
      }
      b.check(List.of("add", "table", "public.artists", "public.albums", "public.songs", "public.active_storage_blobs",
          "public.active_storage_attachments", "db=a", "relgroup=guide_herd"));
      for (String from : List.of("a", "b", "c")) {
        for (String to : List.of("a", "b", "c")) {
          if (!from.equals(to)) {
            b.check(List.of("add", "sync", from + "_to_" + to, "relgroup=guide_herd",
                "dbs=" + from + ":source," + to + ":target"));
          }
        }
      }
      lab.mark("pairwise added");
      b.check(List.of("start", "test: the guide's setup"));
      long p0 = lab.insertSong("a", "p0");
      lab.await("p0 by the pairwise syncs", () -> "p0".equals(lab.title("b", p0)) && "p0".equals(lab.title("c", p0)));

      // Changes made while Bucardo is down are pending in the delta tables: they must survive the migration.
      b.check(List.of("stop", "test: pending changes"));
      new Applier(lab.setup, Connector.PGJDBC, b, s -> {}).awaitStopped();
      long pending = lab.insertSong("a", "pending-a");
      lab.sql("b", "UPDATE songs SET title = 'p0-b', updated_at = clock_timestamp() WHERE id = " + p0);

      List<Finding> found = Doctor.examine(lab.survey());
      assertFinding(found, Finding.Severity.UNSAFE, "bucardo", "a_to_b (pairwise)");
      assertTrue(found.stream().anyMatch(f -> f.fix().contains("remove sync c_to_a")), found.toString());

      lab.mark("pairwise stopped, doctor");
      lab.apply();
      lab.mark("migrated");
      lab.await("the pending changes everywhere", () -> {
        for (String n : List.of("a", "b", "c")) {
          if (!"pending-a".equals(lab.title(n, pending)) || !"p0-b".equals(lab.title(n, p0))) {
            return false;
          }
        }
        return true;
      });
      lab.mark("pending arrived");
      assertEquals(List.of(SYNC), List.copyOf(lab.survey().state().syncs().keySet()));
      assertEquals(List.of(), lab.apply(), "a second apply changes nothing");
      List<Finding> after = Doctor.examine(lab.survey());
      assertTrue(Doctor.safe(after), after.toString());
      long fresh = lab.insertSong("b", "after-migration");
      lab.await("a new row by the one sync", () -> "after-migration".equals(lab.title("a", fresh))
          && "after-migration".equals(lab.title("c", fresh)));
    }
  }

  private static void assertFinding(List<Finding> findings, Finding.Severity severity, String subject, String text) {
    assertTrue(findings.stream().anyMatch(f -> f.severity() == severity && f.subject().equals(subject)
        && f.problem().contains(text)), severity + " " + subject + " \"" + text + "\" in\n" + String.join("\n",
            findings.stream().map(Finding::toString).toList()));
  }
}
