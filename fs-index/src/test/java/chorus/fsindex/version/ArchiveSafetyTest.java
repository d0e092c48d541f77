package chorus.fsindex.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.VersioningConfig;
import chorus.core.config.VersioningConfig.Type;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What archive moves, where, and what it refuses to touch. */
class ArchiveSafetyTest {
  @TempDir Path tmp;
  VersionFolder f;

  @BeforeEach
  void folder() throws Exception {
    f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 5, 0, 0));
  }

  @Test
  void movesTheFileUnderItsTaggedNameKeepingItsMtime() throws Exception {
    Path song = f.write("a/b/song.flac", "bytes");
    FileTime mtime = FileTime.fromMillis(1_500_000_000_000L);
    Files.setLastModifiedTime(song, mtime);
    Object inode = Files.readAttributes(song, "unix:ino").get("ino");
    f.at(Duration.ofSeconds(5));

    assertTrue(f.versioner.archive("a/b/song.flac"));

    assertFalse(Files.exists(song, LinkOption.NOFOLLOW_LINKS));
    Path kept = f.versions().resolve("a/b/song~20260301-100005.flac");
    assertEquals("bytes", Files.readString(kept));
    assertEquals(mtime, Files.getLastModifiedTime(kept));
    assertEquals(inode, Files.readAttributes(kept, "unix:ino").get("ino"), "renamed, not copied");
    assertEquals(List.of(new StoredVersion("a/b/song.flac", VersionFolder.T0.plusSeconds(5), kept)),
        f.versioner.list("a/"));
  }

  @Test
  void aSecondVersionInTheSameSecondGetsASuffix() throws Exception {
    f.archiveAt(Duration.ZERO, "README", "one");
    f.archiveAt(Duration.ZERO, "README", "two");
    f.archiveAt(Duration.ZERO, "README", "three");
    assertTrue(Files.exists(f.versions().resolve("README~20260301-100000")));
    assertTrue(Files.exists(f.versions().resolve("README~20260301-100000-2")));
    assertEquals(List.of("one", "two", "three"), f.contents("README"));
  }

  @Test
  void aSymlinkIsMovedAsALink() throws Exception {
    Path target = Files.writeString(tmp.resolve("outside.txt"), "outside");
    Files.createSymbolicLink(f.root.resolve("link"), target);
    assertTrue(f.versioner.archive("link"));
    StoredVersion v = f.versioner.list("link").get(0);
    assertTrue(Files.isSymbolicLink(v.file()));
    assertEquals(target, Files.readSymbolicLink(v.file()));
    assertEquals("outside", Files.readString(target), "the target is untouched");
  }

  @Test
  void refusesASymlinkedParentOfTheSource() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(real.resolve("song.flac"), "not ours");
    Files.createSymbolicLink(f.root.resolve("linked"), real);

    FileSystemException e = assertThrows(FileSystemException.class, () -> f.versioner.archive("linked/song.flac"));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals("not ours", Files.readString(real.resolve("song.flac")));
    assertFalse(Files.exists(f.versions()), "nothing created");
  }

  @Test
  void refusesASymlinkedVersionsArea() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(f.versions(), outside);
    f.write("song.flac", "mine");

    assertThrows(FileSystemException.class, () -> f.versioner.archive("song.flac"));
    assertEquals("mine", Files.readString(f.root.resolve("song.flac")));
    try (var entries = Files.list(outside)) {
      assertEquals(0, entries.count());
    }
    assertThrows(FileSystemException.class, () -> f.versioner.list(""));
  }

  @Test
  void refusesASymlinkedDirectoryInsideTheVersionsArea() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(f.versions());
    Files.createSymbolicLink(f.versions().resolve("a"), outside);
    f.write("a/song.flac", "mine");

    assertThrows(FileSystemException.class, () -> f.versioner.archive("a/song.flac"));
    assertEquals("mine", Files.readString(f.root.resolve("a/song.flac")));
    try (var entries = Files.list(outside)) {
      assertEquals(0, entries.count());
    }
  }

  @Test
  void directoriesAndMissingFilesAreNotArchived() throws Exception {
    Files.createDirectories(f.root.resolve("dir/sub"));
    assertFalse(f.versioner.archive("dir"));
    assertTrue(Files.isDirectory(f.root.resolve("dir/sub")));
    assertFalse(f.versioner.archive("nothing-here.flac"));
    assertEquals(List.of(), f.versioner.list(""));
  }

  @Test
  void refusesPathsThatLeaveTheFolderOrEnterTheVersionsArea() {
    for (String bad : new String[] {"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/", ".chorus-versions/x"}) {
      assertThrows(IllegalArgumentException.class, () -> f.versioner.archive(bad), bad);
    }
  }

  @Test
  void cleanLeavesFilesItDidNotWrite() throws Exception {
    Files.createDirectories(f.versions().resolve("notes"));
    Files.writeString(f.versions().resolve("notes/mine.txt"), "keep me");
    f.at(Duration.ofDays(1000));
    f.versioner.clean();
    assertEquals("keep me", Files.readString(f.versions().resolve("notes/mine.txt")));
  }
}
