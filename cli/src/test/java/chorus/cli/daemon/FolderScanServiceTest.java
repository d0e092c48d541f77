package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's per-folder scanning on a real folder and a real index: first scan, watched changes, ignores. */
class FolderScanServiceTest {
  static final ShortId ME = new ShortId(0x1234_5678_9abc_def0L);

  @TempDir Path tmp;
  Path music;
  RocksIndex index;
  FolderIndex folderIndex;
  FolderScanService service;

  @BeforeEach
  void setUp() throws Exception {
    music = Files.createDirectories(tmp.resolve("music"));
    Files.createDirectories(music.resolve("Artist/Album"));
    Files.write(music.resolve("Artist/Album/01 Song.flac"), new byte[300_000]);
    index = RocksIndex.open(tmp.resolve("index"));
    folderIndex = index.folder(FolderId.of("music"));
  }

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.close();
    }
    index.close();
  }

  FolderScanService start() {
    FolderConfig folder = new FolderConfig(FolderId.of("music"), music.toString(), FolderType.SEND_RECEIVE, List.of());
    service = new FolderScanService(folder, folderIndex, ME, Clock.systemUTC());
    service.start();
    return service;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting: " + what);
      }
      Thread.sleep(20);
    }
  }

  boolean live(String path) {
    Optional<FileRecord> r = folderIndex.get(path);
    return r.isPresent() && !r.get().deleted();
  }

  boolean tombstone(String path) {
    Optional<FileRecord> r = folderIndex.get(path);
    return r.isPresent() && r.get().deleted();
  }

  @Test
  void scansAtStartThenPicksUpChangesTheWatcherSees() throws Exception {
    start();
    await("first scan", () -> service.lastReport() != null);
    assertEquals(FolderScanService.State.IDLE, service.state());
    assertTrue(live("Artist/Album/01 Song.flac"));

    Files.write(music.resolve("Artist/Album/02 New.flac"), new byte[200_000]);
    await("new file indexed", () -> live("Artist/Album/02 New.flac"));
    assertEquals(200_000, folderIndex.get("Artist/Album/02 New.flac").orElseThrow().size());

    Files.delete(music.resolve("Artist/Album/01 Song.flac"));
    await("deletion recorded", () -> tombstone("Artist/Album/01 Song.flac"));
  }

  @Test
  void aChangedIgnoreFileIsReloadedAndApplied() throws Exception {
    start();
    await("first scan", () -> service.lastReport() != null);
    Files.writeString(music.resolve(".chorusignore"), "*.tmp\n");
    // Wait until the watcher reported the change and the patterns were reloaded; then a new *.tmp stays out.
    await("ignore reload", () -> service.ignoresNow().patterns().size() == 1);
    Files.write(music.resolve("Artist/scratch.tmp"), new byte[10]);
    Files.write(music.resolve("Artist/kept.flac"), new byte[10]);
    await("kept file indexed", () -> live("Artist/kept.flac"));
    assertFalse(folderIndex.get("Artist/scratch.tmp").isPresent(), "an ignored file was indexed");
  }

  @Test
  void aBrokenIgnoreFileIsAnErrorAndNothingIsScanned() throws Exception {
    Files.writeString(music.resolve(".chorusignore"), "{a,b\n");
    start();
    assertEquals(FolderScanService.State.ERROR, service.state());
    assertNotNull(service.error());
    assertTrue(service.error().contains(".chorusignore:1"), service.error());
    Thread.sleep(300);
    assertFalse(folderIndex.get("Artist/Album/01 Song.flac").isPresent());
  }

  @Test
  void anIgnoreFileBrokenAtStartAndFixedLaterStartsTheFolderWithoutARestart() throws Exception {
    long retry = FolderScanService.ignoreRetryMillis;
    FolderScanService.ignoreRetryMillis = 100;
    try {
      Files.writeString(music.resolve(".chorusignore"), "{a,b\n");
      Files.write(music.resolve("Artist/scratch.tmp"), new byte[10]);
      start();
      assertEquals(FolderScanService.State.ERROR, service.state());
      Thread.sleep(400); // several retries while it is still broken: still an error, still nothing scanned
      assertEquals(FolderScanService.State.ERROR, service.state());
      assertFalse(folderIndex.get("Artist/Album/01 Song.flac").isPresent());

      Files.writeString(music.resolve(".chorusignore"), "*.tmp\n");
      await("first scan after the fix", () -> service.lastReport() != null);
      assertEquals(FolderScanService.State.IDLE, service.state());
      assertNull(service.error());
      assertTrue(live("Artist/Album/01 Song.flac"));
      assertFalse(folderIndex.get("Artist/scratch.tmp").isPresent(), "scanned with the fixed patterns");
      Files.write(music.resolve("Artist/later.flac"), new byte[10]);
      await("the watcher runs too", () -> live("Artist/later.flac"));
    } finally {
      FolderScanService.ignoreRetryMillis = retry;
    }
  }

  @Test
  void watcherPathsThatAreNotValidFallBackToTheirNearestValidAncestor() {
    assertEquals("Artist", FolderScanService.scannable("Artist/Cafe\u0301"));
    assertEquals("", FolderScanService.scannable("Cafe\u0301/x"));
    assertEquals("Artist/Album", FolderScanService.scannable("Artist/Album"));
  }
}
