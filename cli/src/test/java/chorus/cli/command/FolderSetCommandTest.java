package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.VersioningConfig;
import chorus.core.config.VersioningConfig.Type;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus folder set}: versioning, type and free-space threshold, edited in config.json. */
class FolderSetCommandTest {
  @TempDir Path tmp;
  CliRun cli;
  Path configFile;
  Path music;

  @BeforeEach
  void init() throws Exception {
    cli = new CliRun(tmp.resolve("home"));
    configFile = tmp.resolve("home").resolve("config.json");
    assertEquals(ExitCodes.OK, cli.run("init", "--name", "here").code());
    music = Files.createDirectory(tmp.resolve("music"));
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "music", music.toString()).code());
  }

  FolderConfig folder() throws Exception {
    return new ConfigStore(configFile).load().folders().get(0);
  }

  Result ok(String... args) {
    Result r = cli.run(args);
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    return r;
  }

  Result refused(int code, String... args) throws Exception {
    byte[] before = Files.readAllBytes(configFile);
    Result r = cli.run(args);
    assertEquals(code, r.code(), r.toString());
    assertArrayEquals(before, Files.readAllBytes(configFile), "config changed by a refused command");
    assertTrue(r.err().startsWith("chorus: ") && r.err().lines().count() <= 2, r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    return r;
  }

  @Test
  void aNewTypeStartsFromItsDefaults() throws Exception {
    Result r = ok("folder", "set", "music", "--versioning", "simple");
    assertEquals(new VersioningConfig(Type.SIMPLE, 5, 0, 0), folder().versioning());
    assertTrue(r.out().contains("versioning simple keep 5"), r.out());

    ok("folder", "set", "music", "--versioning", "staggered");
    assertEquals(new VersioningConfig(Type.STAGGERED, 0, 0, 365), folder().versioning());

    ok("folder", "set", "music", "--versioning", "TrashCan", "--cleanout-days", "30");
    assertEquals(new VersioningConfig(Type.TRASH_CAN, 0, 30, 0), folder().versioning());
    assertTrue(cli.run("folder", "list").out().lines().skip(1).findFirst().orElseThrow()
        .matches("music +send-receive +" + music + " +trashcan 30d +-"));

    ok("folder", "set", "music", "--versioning", "off");
    assertEquals(VersioningConfig.OFF, folder().versioning());
  }

  @Test
  void numbersAloneChangeTheCurrentType() throws Exception {
    ok("folder", "set", "music", "--versioning", "simple", "--keep", "3");
    ok("folder", "set", "music", "--cleanout-days", "14");
    assertEquals(new VersioningConfig(Type.SIMPLE, 3, 14, 0), folder().versioning());
    ok("folder", "set", "music", "--versioning", "simple", "--keep", "8");
    assertEquals(new VersioningConfig(Type.SIMPLE, 8, 14, 0), folder().versioning(), "same type keeps the rest");
    ok("folder", "set", "music", "--versioning", "staggered", "--max-age-days", "0");
    assertEquals(new VersioningConfig(Type.STAGGERED, 0, 0, 0), folder().versioning());

    JsonNode json = new ObjectMapper().readTree(cli.run("folder", "list", "--json").out());
    assertEquals("staggered", json.get(0).get("versioning").get("type").asText());
  }

  @Test
  void setsTypeAndFreeSpace() throws Exception {
    Result r = ok("folder", "set", "music", "--type", "receive-only", "--min-free-percent", "5.5");
    assertEquals(FolderType.RECEIVE_ONLY, folder().type());
    assertEquals(5.5, folder().minFreePercent());
    assertEquals(VersioningConfig.OFF, folder().versioning());
    assertTrue(r.out().contains("receive-only") && r.out().contains("5.5%"), r.out());

    byte[] before = Files.readAllBytes(configFile);
    Result same = ok("folder", "set", "music", "--type", "receive-only");
    assertTrue(same.out().contains("unchanged"), same.out());
    assertArrayEquals(before, Files.readAllBytes(configFile));
  }

  @Test
  void refusesNumbersTheTypeDoesNotUse() throws Exception {
    Result r = refused(ExitCodes.CONFIG, "folder", "set", "music", "--keep", "3");
    assertTrue(r.err().contains("--keep applies to simple versioning only, not off"), r.err());
    refused(ExitCodes.CONFIG, "folder", "set", "music", "--versioning", "trashcan", "--max-age-days", "3");
    refused(ExitCodes.CONFIG, "folder", "set", "music", "--versioning", "staggered", "--cleanout-days", "3");
    refused(ExitCodes.CONFIG, "folder", "set", "music", "--versioning", "simple", "--keep", "0");
    refused(ExitCodes.CONFIG, "folder", "set", "music", "--versioning", "simple", "--cleanout-days", "-1");
    refused(ExitCodes.CONFIG, "folder", "set", "music", "--min-free-percent", "100");
  }

  @Test
  void refusesBadValuesAndUnknownFolders() throws Exception {
    Result bad = refused(ExitCodes.USAGE, "folder", "set", "music", "--versioning", "forever");
    assertTrue(bad.err().contains("use off, trashcan, simple or staggered"), bad.err());
    refused(ExitCodes.USAGE, "folder", "set", "music", "--keep", "many");
    refused(ExitCodes.USAGE, "folder", "set", "music");
    Result unknown = refused(ExitCodes.CONFIG, "folder", "set", "books", "--versioning", "simple");
    assertTrue(unknown.err().contains("there is no folder \"books\""), unknown.err());
  }
}
