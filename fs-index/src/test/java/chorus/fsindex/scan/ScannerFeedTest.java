package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scan tells the change feed: every visible change of the folder, as a local change. */
class ScannerFeedTest {
  @TempDir Path tmp;
  ScanFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScanFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The entries after {@code after}, as "action path [<- from]" lines; all must be local changes. */
  List<String> entriesAfter(long after) {
    FeedPage page = fx.index.feed().since(after, 1000, null);
    List<String> out = new ArrayList<>();
    for (FeedEntry e : page.entries()) {
      assertTrue(e.origin().isLocal(), e + " should be a local change");
      assertEquals(fx.folder.id(), e.folder());
      out.add(e.action().text() + " " + e.path() + (e.renamedFrom() == null ? "" : " <- " + e.renamedFrom()));
    }
    return out;
  }

  @Test
  void addModifyDeleteAndRenameInOneDirectoryAreTold() throws Exception {
    fx.write("Album/01.flac", 5000, 1);
    fx.write("Album/02.flac", 5000, 2);
    fx.write("Album/03.flac", 5000, 3);
    fx.scan();
    assertEquals(List.of("added Album", "added Album/01.flac", "added Album/02.flac", "added Album/03.flac"),
        sorted(entriesAfter(0)));
    long after = fx.index.feed().latest();

    fx.write("Album/04.flac", 5000, 4); // added
    fx.write("Album/01.flac", 6000, 11); // modified
    Files.delete(fx.root.resolve("Album/02.flac")); // deleted
    Files.move(fx.root.resolve("Album/03.flac"), fx.root.resolve("Album/03 renamed.flac"));
    fx.scan();
    assertEquals(fx.index.feed().latest(), fx.index.feed().since(after, 1000, null).next());
    List<String> told = sorted(entriesAfter(after));
    // The scanner's writer groups whatever is waiting: the rename's two halves usually land in one write
    // (one entry), but a tombstone may be written before the new name is hashed (two entries).
    List<String> asOne = sorted(List.of("added Album/04.flac", "modified Album/01.flac", "deleted Album/02.flac",
        "renamed Album/03 renamed.flac <- Album/03.flac"));
    List<String> asTwo = sorted(List.of("added Album/04.flac", "modified Album/01.flac", "deleted Album/02.flac",
        "deleted Album/03.flac", "added Album/03 renamed.flac"));
    assertTrue(told.equals(asOne) || told.equals(asTwo), told.toString());

    long now = fx.index.feed().latest();
    fx.scan();
    assertEquals(List.of(), entriesAfter(now), "a rescan without changes tells nothing");
  }

  private static List<String> sorted(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    out.sort(null);
    return out;
  }
}
