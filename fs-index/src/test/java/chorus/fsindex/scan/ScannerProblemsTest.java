package chorus.fsindex.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import chorus.core.model.FileRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad path never stops a scan: each is reported with its path and reason, and the rest is indexed. */
class ScannerProblemsTest {
  @TempDir Path tmp;
  ScanFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScanFixture(tmp);
    fx.write("good/a.flac", 200_000, 1);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  static ScanProblem only(ScanReport r) {
    assertEquals(1, r.problemCount(), r.problems().toString());
    return r.problems().get(0);
  }

  @Test
  void aNameThatIsNotUtf8IsReportedAndSkipped() throws Exception {
    // Bytes 0xff 0xfe are never valid UTF-8; bash writes them as they are.
    assertEquals(0, ScanFixture.run("bash", "-c", "cd '" + fx.root + "/good' && touch $'bad\\xff\\xfename.mp3'"));
    ScanReport r = fx.scan();
    ScanProblem p = only(r);
    assertTrue(p.path().startsWith("good/bad\uFFFD"), p.path());
    assertTrue(p.reason().contains("not valid UTF-8"), p.reason());
    assertEquals(List.of("good", "good/a.flac"), fx.livePaths());
  }

  @Test
  void aNameThatIsNotNfcIsReportedWithItsNfcForm() throws Exception {
    fx.write("good/Cafe\u0301.mp3", 1000, 2);
    ScanReport r = fx.scan();
    ScanProblem p = only(r);
    assertTrue(p.reason().contains("not in Unicode NFC") && p.reason().contains("Caf\u00e9.mp3"), p.reason());
    assertEquals(List.of("good", "good/a.flac"), fx.livePaths());
  }

  @Test
  void aNameWithABackslashOrControlCharacterIsReported() throws Exception {
    fx.write("good/back\\slash.mp3", 10, 3);
    fx.write("good/tab\there.mp3", 10, 4);
    ScanReport r = fx.scan();
    assertEquals(2, r.problemCount(), r.problems().toString());
    assertTrue(r.problems().stream().allMatch(p -> p.reason().startsWith("path ")), r.problems().toString());
    assertEquals(List.of("good", "good/a.flac"), fx.livePaths());
  }

  /**
   * Root reads any file whatever its mode, so this needs an ordinary user; as root (the build here) it is
   * skipped, and {@link #aFileThatCannotBeOpenedIsReportedAndItsRecordKept} covers the same path through
   * the code with a failure root cannot bypass.
   */
  @Test
  void anUnreadableFileOrDirectoryIsReportedAndItsRecordKept() throws Exception {
    assumeFalse(ScanFixture.isRoot(), "root ignores permission bits");
    fx.write("locked/inner.mp3", 1000, 5);
    fx.write("good/secret.flac", 1000, 6);
    fx.scan();
    Files.setPosixFilePermissions(fx.root.resolve("locked"), PosixFilePermissions.fromString("---------"));
    fx.write("good/secret.flac", 2000, 7);
    Files.setPosixFilePermissions(fx.root.resolve("good/secret.flac"), PosixFilePermissions.fromString("---------"));
    try {
      ScanReport r = fx.scan();
      assertEquals(2, r.problemCount(), r.problems().toString());
      assertFalse(fx.record("locked/inner.mp3").deleted(), "what could not be listed is not deleted");
      assertEquals(1000, fx.record("good/secret.flac").size(), "the old record stays until the file can be read");
    } finally {
      Files.setPosixFilePermissions(fx.root.resolve("locked"), PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aFileThatCannotBeOpenedIsReportedAndItsRecordKept() throws Exception {
    fx.write("good/b.flac", 1000, 8);
    fx.scan();
    fx.write("good/b.flac", 3000, 9);
    // Between the walk's stat and the hasher's open, the file becomes a symlink: opening it without
    // following links fails (ELOOP) for root too.
    fx.options = fx.options.withHashers(1);
    Path b = fx.root.resolve("good/b.flac");
    AtomicBoolean swapped = new AtomicBoolean();
    fx.options = fx.options.withHook((path, bytes) -> {
      if (path.equals("good/a.flac") && swapped.compareAndSet(false, true)) {
        Files.delete(b);
        Files.createSymbolicLink(b, Path.of("a.flac"));
      }
    });
    Files.writeString(fx.root.resolve("good/a.flac"), "changed", StandardOpenOption.APPEND);
    ScanReport r = fx.scan();
    ScanProblem p = r.problems().stream().filter(x -> x.path().equals("good/b.flac")).findFirst().orElseThrow(
        () -> new AssertionError(r.problems().toString()));
    assertTrue(p.reason().startsWith("cannot read"), p.reason());
    assertEquals(1000, fx.record("good/b.flac").size(), "the old record stays");
    assertFalse(fx.record("good/a.flac").deleted());
  }

  @Test
  void aFileChangingWhileHashedIsReportedAndIndexedByTheNextScan() throws Exception {
    Path growing = fx.write("good/growing.flac", 600_000, 10);
    AtomicBoolean appended = new AtomicBoolean();
    fx.options = fx.options.withHook((path, bytes) -> {
      if (path.equals("good/growing.flac") && appended.compareAndSet(false, true)) {
        Files.write(growing, new byte[4096], StandardOpenOption.APPEND);
      }
    });
    ScanReport r = fx.scan();
    ScanProblem p = only(r);
    assertEquals("good/growing.flac", p.path());
    assertTrue(p.reason().contains("changed while it was hashed"), p.reason());
    assertTrue(fx.folder.get("good/growing.flac").isEmpty(), "nothing is recorded for a torn read");
    assertFalse(fx.record("good/a.flac").deleted(), "the scan went on");

    ScanReport next = fx.scan();
    assertEquals(0, next.problemCount());
    assertEquals(604_096, fx.assertChunksMatchDisk("good/growing.flac").size());
  }

  @Test
  void aFileVanishingWhileHashedIsReported() throws Exception {
    Path doomed = fx.write("good/doomed.flac", 300_000, 11);
    fx.options = fx.options.withHook((path, bytes) -> {
      if (path.equals("good/doomed.flac")) {
        Files.deleteIfExists(doomed);
      }
    });
    ScanReport r = fx.scan();
    assertTrue(only(r).reason().contains("vanished"), r.problems().toString());
    assertTrue(fx.folder.get("good/doomed.flac").isEmpty());
  }

  @Test
  void ignoredPathsAreLeftOutAndTheirOldRecordsLeftAlone() throws Exception {
    fx.write("good/skip.tmp", 100, 12);
    fx.write("cache/deep/x.bin", 100, 13);
    fx.scan();
    assertTrue(fx.livePaths().contains("good/skip.tmp"));
    Files.delete(fx.root.resolve("good/skip.tmp"));
    fx.write("good/new.tmp", 100, 14);
    fx.filter = new ScanFilter() {
      @Override
      public boolean isIgnored(String relativePath, boolean directory) {
        return relativePath.endsWith(".tmp") || relativePath.equals("cache");
      }

      @Override
      public boolean canSkipDirectory(String relativePath) {
        return relativePath.equals("cache");
      }
    };
    ScanReport r = fx.scan();
    assertEquals(3, r.ignored(), "skip.tmp (gone), new.tmp, cache");
    assertEquals(0, r.deleted() + r.added());
    assertFalse(fx.record("good/skip.tmp").deleted(), "an ignored path is not deleted");
    assertTrue(fx.folder.get("good/new.tmp").isEmpty());
    assertFalse(fx.record("cache/deep/x.bin").deleted());
  }

  @Test
  void chorusOwnFilesAreNeverIndexed() throws Exception {
    fx.write("good/.chorus-tmp.a.flac", 100, 15);
    fx.write(".chorusignore", 10, 16);
    fx.write(".chorus-tmp.dir/x", 10, 17);
    ScanReport r = fx.scan();
    assertEquals(List.of("good", "good/a.flac"), fx.livePaths());
    assertEquals(0, r.problemCount());
    assertEquals(0, fx.scan(".chorus-tmp.dir/x", "good/.chorus-tmp.a.flac").added(), "not even when asked for");
  }

  @Test
  void fifosAreSkippedAndDanglingSymlinksRecorded() throws Exception {
    assertEquals(0, ScanFixture.run("mkfifo", fx.root.resolve("good/pipe").toString()));
    Files.createSymbolicLink(fx.root.resolve("good/dangling"), Path.of("nowhere/at all"));
    ScanReport r = fx.scan();
    assertEquals(1, r.skipped());
    assertEquals(0, r.problemCount(), r.problems().toString());
    assertTrue(fx.folder.get("good/pipe").isEmpty());
    FileRecord link = fx.record("good/dangling");
    assertEquals("nowhere/at all", link.symlinkTarget());
  }

  @Test
  void theScanGoesOnAfterManyProblems() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertEquals(0, ScanFixture.run("bash", "-c", "cd '" + fx.root + "' && touch $'bad" + i + "\\xff'"));
      fx.write("dir" + i + "/ok.mp3", 1000, 20 + i);
    }
    ScanReport r = fx.scan();
    assertEquals(5, r.problemCount());
    assertEquals(6, r.files());
    assertEquals(12, fx.livePaths().size());
  }
}
