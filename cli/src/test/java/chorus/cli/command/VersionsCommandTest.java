package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.core.config.FolderConfig;
import chorus.fsindex.version.Versioner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus versions ls|restore} on a real folder whose versions were archived by the real Versioner. */
class VersionsCommandTest {
  static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-02T11:30:15Z");
  static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  static final String SONG = "Artist/Album/01 Song.flac";

  @TempDir Path tmp;
  CliRun cli;
  Path music;
  FileTime mtime1 = FileTime.fromMillis(1_700_000_000_000L);

  @BeforeEach
  void init() throws Exception {
    cli = new CliRun(tmp.resolve("home")).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    assertEquals(ExitCodes.OK, cli.run("init", "--name", "here").code());
    music = Files.createDirectory(tmp.resolve("music"));
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "music", music.toString()).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "set", "music", "--versioning", "simple").code());
    FolderConfig folder = new ConfigStore(tmp.resolve("home/config.json")).load().folders().get(0);

    Path song = music.resolve(SONG);
    Files.createDirectories(song.getParent());
    Files.writeString(song, "first");
    Files.setLastModifiedTime(song, mtime1);
    Versioner.forFolder(music, folder.versioning(), Clock.fixed(T1, ZoneOffset.UTC)).archive(SONG);
    Files.writeString(song, "second");
    Versioner.forFolder(music, folder.versioning(), Clock.fixed(T2, ZoneOffset.UTC)).archive(SONG);
    Files.writeString(music.resolve("cover.jpg"), "cover");
    Versioner.forFolder(music, folder.versioning(), Clock.fixed(T2, ZoneOffset.UTC)).archive("cover.jpg");
  }

  Result ok(String... args) {
    Result r = cli.run(args);
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    return r;
  }

  Result failed(int code, String... args) {
    Result r = cli.run(args);
    assertEquals(code, r.code(), r.toString());
    assertTrue(r.err().startsWith("chorus: "), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    return r;
  }

  @Test
  void listsVersionsByPathOldestFirst() {
    List<String> lines = ok("versions", "ls", "music").out().lines().toList();
    assertEquals(4, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("VERSION (UTC)"), lines.get(0));
    assertTrue(lines.get(1).matches("20260301-100000 +5 +2023-11-14 22:13:20 +Artist/Album/01 Song.flac"), lines.get(1));
    assertTrue(lines.get(2).matches("20260302-113015 +6 +.* +Artist/Album/01 Song.flac"), lines.get(2));
    assertTrue(lines.get(3).matches("20260302-113015 +5 +.* +cover.jpg"), lines.get(3));

    assertEquals(3, ok("versions", "ls", "music", "Artist/").out().lines().count());
    assertTrue(ok("versions", "ls", "music", "Nobody/").out().startsWith("No kept versions of paths starting with"));
  }

  @Test
  void listsAsJson() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ok("versions", "ls", "music", "Artist", "--json").out());
    assertEquals(2, json.size());
    assertEquals(SONG, json.get(0).get("path").asText());
    assertEquals("20260301-100000", json.get(0).get("version").asText());
    assertEquals("2026-03-01T10:00:00Z", json.get(0).get("versionTime").asText());
    assertEquals(5, json.get(0).get("size").asLong());
    assertEquals(mtime1.toInstant().toString(), json.get(0).get("modified").asText());
    assertTrue(json.get(0).get("file").asText().endsWith(".chorus-versions/Artist/Album/01 Song~20260301-100000.flac"));
  }

  @Test
  void restoresTheNewestByDefaultKeepingTheCurrentFile() throws Exception {
    Files.writeString(music.resolve(SONG), "third");
    Result r = ok("versions", "restore", "music", SONG);
    assertTrue(r.out().contains("from version 20260302-113015") && r.out().contains("kept as a version"), r.out());
    assertEquals("second", Files.readString(music.resolve(SONG)));

    JsonNode json = new ObjectMapper().readTree(ok("versions", "ls", "music", SONG, "--json").out());
    assertEquals(List.of("20260301-100000", "20260303-120000"),
        List.of(json.get(0).get("version").asText(), json.get(1).get("version").asText()));
  }

  @Test
  void restoresAChosenVersionOfADeletedFile() throws Exception {
    assertFalse(Files.exists(music.resolve(SONG)), "the sync deleted it (archived it)");
    Result r = ok("versions", "restore", "music", SONG, "--at", "20260301-100000");
    assertFalse(r.out().contains("kept as a version"), r.out());
    assertEquals("first", Files.readString(music.resolve(SONG)));
    assertEquals(mtime1, Files.getLastModifiedTime(music.resolve(SONG)));
  }

  @Test
  void saysWhatIsWrongInOneLine() throws Exception {
    Result none = failed(ExitCodes.FAILURE, "versions", "restore", "music", "nothing.flac");
    assertTrue(none.err().contains("keeps no version of nothing.flac"), none.err());
    Result at = failed(ExitCodes.FAILURE, "versions", "restore", "music", SONG, "--at", "20250101-000000");
    assertTrue(at.err().contains("kept: 20260301-100000, 20260302-113015"), at.err());
    failed(ExitCodes.USAGE, "versions", "restore", "music", SONG, "--at", "yesterday");
    failed(ExitCodes.USAGE, "versions", "restore", "music", "/etc/passwd");
    Result unknown = failed(ExitCodes.FAILURE, "versions", "ls", "books");
    assertTrue(unknown.err().contains("no folder \"books\""), unknown.err());
    Result escape = failed(ExitCodes.FAILURE, "versions", "restore", "music", "../x");
    assertEquals(1, escape.err().lines().count(), escape.err());
  }
}
