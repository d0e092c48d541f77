package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnWritesTest {
  @TempDir Path root;

  @Test
  void aPullsEntriesAreForgottenAMinuteOnWithoutAnotherWrite() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    OwnWrites own = new OwnWrites(root, now::get);
    for (int i = 0; i < 5000; i++) {
      own.wrote("d/f" + i, null);
    }
    assertEquals(5000, own.size());

    now.addAndGet(30_000_000_000L);
    assertEquals(0, own.forgetExpired());
    assertEquals(5000, own.size(), "half a minute on, the watcher may still report them");
    assertTrue(own.isOwn("d/f1"), "an absent path the engine deleted is its own write");

    own.wrote("late", null);
    now.addAndGet(31_000_000_000L);
    assertEquals(5000, own.forgetExpired(), "how many went: the engine asks for a heap trim after a large drop");
    assertEquals(1, own.size(), "the pull's entries went, the later one stays");
    assertFalse(own.isOwn("d/f2"), "a forgotten path is scanned like any change");

    now.addAndGet(60_000_000_000L);
    own.forgetExpired();
    assertEquals(0, own.size());
  }

  @Test
  void aPathIsOwnOnlyWhileItHoldsWhatTheEngineWrote() throws Exception {
    OwnWrites own = new OwnWrites(root);
    ShortId by = new ShortId(7);
    Files.createDirectory(root.resolve("d"));
    own.wrote("d", new FileRecord("d", FileType.DIRECTORY, 0, 1_000, 0755, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, 1))), 1, by, List.of(), null, null));
    assertTrue(own.isOwn("d"));
    Files.delete(root.resolve("d"));
    Files.writeString(root.resolve("d"), "a user's file where the engine made a directory");
    assertFalse(own.isOwn("d"), "a user's change after the engine's write is a local change");
  }
}
