package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.fsindex.store.BruteForce;
import chorus.fsindex.store.FolderTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder totals through real scans, full and partial: always what a count over the records says. */
class ScannerTotalsTest {
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

  void assertTotals(long files, long dirs, long links, long bytes, long tombstones) {
    FolderTotals expected = new FolderTotals(files, dirs, links, bytes, tombstones);
    assertEquals(expected, BruteForce.totals(fx.folder));
    assertEquals(expected, fx.folder.totals());
  }

  @Test
  void totalsFollowCreateModifyDeleteRenameAndResurrection() throws Exception {
    fx.write("A/1.flac", 100_000, 1);
    fx.write("A/2.flac", 50_000, 2);
    Files.createSymbolicLink(fx.root.resolve("latest"), Path.of("A"));
    fx.scan();
    assertTotals(2, 1, 1, 150_000, 0);

    fx.write("A/2.flac", 70_000, 3); // modified
    fx.scan("A/2.flac"); // a watcher-style partial scan
    assertTotals(2, 1, 1, 170_000, 0);

    Files.move(fx.root.resolve("A/1.flac"), fx.root.resolve("A/renamed.flac"));
    fx.scan("A");
    assertTotals(2, 1, 1, 170_000, 1);

    ScannerTest.deleteTree(fx.root.resolve("A"));
    fx.scan();
    assertTotals(0, 0, 1, 0, 4);

    fx.write("A/1.flac", 10_000, 4); // back over its tombstone, and its directory too
    fx.scan("A/1.flac");
    assertTotals(1, 1, 1, 10_000, 2);

    Files.delete(fx.root.resolve("latest"));
    fx.scan("latest");
    assertTotals(1, 1, 0, 10_000, 3);
  }
}
