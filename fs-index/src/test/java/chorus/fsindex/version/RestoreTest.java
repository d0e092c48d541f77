package chorus.fsindex.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.VersioningConfig;
import chorus.core.config.VersioningConfig.Type;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTest {
  @TempDir Path tmp;

  @Test
  void putsADeletedFileBackWithItsBytesAndMtime() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.TRASH_CAN, 0, 0, 0));
    Path song = f.write("album/disc 1/song.flac", "original");
    FileTime mtime = FileTime.fromMillis(1_400_000_000_000L);
    Files.setLastModifiedTime(song, mtime);
    f.at(Duration.ofMinutes(1));
    assertTrue(f.versioner.archive("album/disc 1/song.flac"));
    Files.delete(f.root.resolve("album/disc 1")); // the sync deleted the directory too

    StoredVersion v = f.versioner.list("album/").get(0);
    f.at(Duration.ofMinutes(2));
    assertEquals(song, f.versioner.restore(v));

    assertEquals("original", Files.readString(song));
    assertEquals(mtime, Files.getLastModifiedTime(song));
    assertEquals(List.of(), f.versioner.list(""));
    assertFalse(Files.exists(f.versions().resolve("album")), "its emptied directories are removed");
  }

  @Test
  void archivesTheCurrentFileFirst() throws Exception {
    // Trash can keeps one version: the current file must not push out the one being restored.
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.TRASH_CAN, 0, 0, 0));
    f.archiveAt(Duration.ZERO, "song.flac", "old");
    Path current = f.write("song.flac", "current");
    FileTime currentMtime = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(current, currentMtime);
    StoredVersion old = f.versioner.list("song.flac").get(0);

    f.at(Duration.ofHours(1));
    f.versioner.restore(old);

    assertEquals("old", Files.readString(f.root.resolve("song.flac")));
    List<StoredVersion> kept = f.versioner.list("song.flac");
    assertEquals(1, kept.size());
    assertEquals(VersionFolder.tag(Duration.ofHours(1)), kept.get(0).tag());
    assertEquals("current", Files.readString(kept.get(0).file()));
    assertEquals(currentMtime, Files.getLastModifiedTime(kept.get(0).file()));
  }

  @Test
  void worksWhenVersioningIsOffNowAndStillKeepsTheCurrentFile() throws Exception {
    VersionFolder before = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 5, 0, 0));
    before.archiveAt(Duration.ZERO, "song.flac", "old");
    Versioner off = Versioner.forFolder(before.root, VersioningConfig.OFF, before.clock);
    before.write("song.flac", "current");
    before.at(Duration.ofSeconds(1));

    off.restore(off.list("song.flac").get(0));

    assertEquals("old", Files.readString(before.root.resolve("song.flac")));
    assertEquals(List.of("current"), before.contents("song.flac"));
  }

  @Test
  void refusesAVersionThatIsNotInTheArea() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 5, 0, 0));
    f.archiveAt(Duration.ZERO, "song.flac", "old");
    f.write("song.flac", "current");
    StoredVersion real = f.versioner.list("").get(0);
    Path stray = Files.writeString(tmp.resolve("song~20260301-100000.flac"), "stray");
    StoredVersion fake = new StoredVersion("song.flac", real.versionTime(), stray);

    assertThrows(FileSystemException.class, () -> f.versioner.restore(fake));
    assertEquals("current", Files.readString(f.root.resolve("song.flac")), "nothing moved");
    assertEquals(List.of("old"), f.contents("song.flac"));
  }

  @Test
  void refusesWhenADirectoryIsInTheWay() throws Exception {
    VersionFolder f = new VersionFolder(tmp, new VersioningConfig(Type.SIMPLE, 5, 0, 0));
    f.archiveAt(Duration.ZERO, "thing", "old");
    Files.createDirectories(f.root.resolve("thing/inside"));
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> f.versioner.restore(f.versioner.list("thing").get(0)));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertEquals(List.of("old"), f.contents("thing"));
  }
}
