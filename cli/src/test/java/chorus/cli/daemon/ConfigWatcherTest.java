package chorus.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
  @TempDir Path dir;

  @Test
  void reloadsOnceForEachChangeIncludingAReplacementByRename() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{}");
    AtomicInteger reloads = new AtomicInteger();
    ConfigWatcher w = new ConfigWatcher(file, reloads::incrementAndGet);
    assertFalse(w.check(), "nothing changed yet");

    Files.writeString(file, "{\"a\":1}");
    assertTrue(w.check());
    assertFalse(w.check(), "a change is applied once");
    assertEquals(1, reloads.get());

    // Same size and mtime but a new inode (the config store writes a temp file and renames it).
    FileTime mtime = Files.getLastModifiedTime(file);
    Path tmp = dir.resolve(".config.json.tmp");
    Files.writeString(tmp, "{\"a\":2}");
    Files.setLastModifiedTime(tmp, mtime);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertTrue(w.check());
    assertEquals(2, reloads.get());
  }

  @Test
  void aChangeAlreadyReadIsNotReloadedAgainAndOneWrittenAfterTheBaselineIsNotMissed() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{}");
    AtomicInteger reloads = new AtomicInteger();
    // The daemon takes the baseline, then reads the config; an edit lands before the watcher exists.
    ConfigWatcher.Seen baseline = ConfigWatcher.snapshot(file, null);
    Files.writeString(file, "{\"joined\":1}");
    ConfigWatcher w = new ConfigWatcher(file, baseline, reloads::incrementAndGet);
    assertTrue(w.check(), "written after the baseline: reloaded");
    assertEquals(1, reloads.get());

    // An explicit reload (after 'chorus join') rebases before it reads: the next check has nothing to do.
    Files.writeString(file, "{\"joined\":2}");
    w.rebase();
    assertFalse(w.check(), "already read by the explicit reload");
    assertEquals(1, reloads.get());
  }

  @Test
  void aFailedReloadIsReportedOnceAndTheNextChangeIsPickedUp() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{}");
    AtomicInteger calls = new AtomicInteger();
    ConfigWatcher w = new ConfigWatcher(file, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("bad edit");
      }
    });
    Files.writeString(file, "{broken");
    assertThrows(IOException.class, w::check);
    assertFalse(w.check(), "the broken state is not reported again");
    Files.writeString(file, "{\"fixed\":true}");
    assertTrue(w.check());
    assertEquals(2, calls.get());
  }

  @Test
  void aMissingFileIsNoReload() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{}");
    AtomicInteger reloads = new AtomicInteger();
    ConfigWatcher w = new ConfigWatcher(file, reloads::incrementAndGet);
    Files.delete(file);
    assertTrue(w.check());
    assertEquals(0, reloads.get());
    Files.writeString(file, "{}");
    assertTrue(w.check());
    assertEquals(1, reloads.get());
  }
}
