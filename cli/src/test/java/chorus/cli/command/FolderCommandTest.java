package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCommandTest {
  static final String PEER = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD";

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
  }

  ChorusConfig config() throws Exception {
    return new ConfigStore(configFile).load();
  }

  /** Runs a command that must be refused with {@code code}, leaving the config byte for byte as it was. */
  Result refused(int code, String... args) throws Exception {
    byte[] before = Files.readAllBytes(configFile);
    Result r = cli.run(args);
    assertEquals(code, r.code(), r.toString());
    assertArrayEquals(before, Files.readAllBytes(configFile), "config changed by a refused command");
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(r.err().startsWith("chorus: "), r.err());
    return r;
  }

  @Test
  void addsListsAndRemovesFolders() throws Exception {
    Path other = Files.createDirectory(tmp.resolve("other"));
    Result add = cli.run("folder", "add", "music", music.toString());
    assertEquals(ExitCodes.OK, add.code(), add.toString());
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "books", other.toString(), "--type", "receive-only").code());

    assertEquals(List.of(
        new FolderConfig(FolderId.of("music"), music.toString(), FolderType.SEND_RECEIVE, List.of()),
        new FolderConfig(FolderId.of("books"), other.toString(), FolderType.RECEIVE_ONLY, List.of())),
        config().folders());

    Result list = cli.run("folder", "list");
    assertEquals(ExitCodes.OK, list.code());
    String[] lines = list.out().split("\n");
    assertTrue(lines[0].startsWith("ID") && lines[0].contains("SHARED WITH"), list.out());
    assertTrue(lines[1].matches("music +send-receive +" + music + " +off +-"), lines[1]);
    assertTrue(lines[2].matches("books +receive-only +" + other + " +off +-"), lines[2]);

    JsonNode json = new ObjectMapper().readTree(cli.run("folder", "list", "--json").out());
    assertEquals(2, json.size());
    assertEquals("music", json.get(0).get("id").asText());
    assertEquals(music.toString(), json.get(0).get("path").asText());
    assertEquals("receive-only", json.get(1).get("type").asText());

    Result remove = cli.run("folder", "remove", "music");
    assertEquals(ExitCodes.OK, remove.code(), remove.toString());
    assertTrue(Files.isDirectory(music), "files stay on disk");
    assertEquals(List.of(FolderId.of("books")), config().folders().stream().map(FolderConfig::id).toList());
  }

  @Test
  void anEmptyListSaysHowToAdd() {
    Result r = cli.run("folder", "list");
    assertEquals(ExitCodes.OK, r.code());
    assertTrue(r.out().contains("chorus folder add"), r.out());
    assertEquals("[ ]", cli.run("folder", "list", "--json").out().strip());
  }

  @Test
  void storesTheNormalisedAbsolutePath() throws Exception {
    Result r = cli.run("folder", "add", "music", music + "/./sub/..");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    assertEquals(music.toString(), config().folders().get(0).path());
  }

  @Test
  void sharesAndUnsharesWithAKnownDevice() throws Exception {
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "music", music.toString()).code());
    assertEquals(ExitCodes.OK, cli.run("device", "add", PEER, "--name", "primary").code());
    Result share = cli.run("folder", "share", "music", PEER.toLowerCase());
    assertEquals(ExitCodes.OK, share.code(), share.toString());
    assertEquals(List.of(DeviceId.parse(PEER)), config().folders().get(0).sharedWith());
    assertTrue(cli.run("folder", "list").out().contains("primary (MFZWI3D)"));

    byte[] before = Files.readAllBytes(configFile);
    Result again = cli.run("folder", "share", "music", PEER);
    assertEquals(ExitCodes.OK, again.code(), again.toString());
    assertTrue(again.out().contains("already shared"), again.out());
    assertArrayEquals(before, Files.readAllBytes(configFile));

    assertEquals(ExitCodes.OK, cli.run("folder", "unshare", "music", PEER).code());
    assertEquals(List.of(), config().folders().get(0).sharedWith());
    Result notShared = refused(ExitCodes.CONFIG, "folder", "unshare", "music", PEER);
    assertTrue(notShared.err().contains("is not shared with"), notShared.err());
  }

  @Test
  void refusesAPathThatIsNotAnExistingDirectory() throws Exception {
    Result missing = refused(ExitCodes.CONFIG, "folder", "add", "music", tmp.resolve("nope").toString());
    assertTrue(missing.err().contains(tmp.resolve("nope") + " does not exist"), missing.err());
    Path file = Files.writeString(tmp.resolve("file.flac"), "x");
    Result notDir = refused(ExitCodes.CONFIG, "folder", "add", "music", file.toString());
    assertTrue(notDir.err().contains(file + " is not a directory"), notDir.err());
  }

  @Test
  void refusesDuplicateIdsAndPaths() throws Exception {
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "music", music.toString()).code());
    Path other = Files.createDirectory(tmp.resolve("other"));
    Result sameId = refused(ExitCodes.CONFIG, "folder", "add", "music", other.toString());
    assertTrue(sameId.err().contains("folder \"music\" exists already"), sameId.err());
    Result samePath = refused(ExitCodes.CONFIG, "folder", "add", "tunes", music.toString());
    assertTrue(samePath.err().contains("is already folder \"music\""), samePath.err());
    Path link = Files.createSymbolicLink(tmp.resolve("link"), music);
    Result viaLink = refused(ExitCodes.CONFIG, "folder", "add", "tunes", link.toString());
    assertTrue(viaLink.err().contains("is already folder \"music\""), viaLink.err());
  }

  @Test
  void refusesFoldersInsideEachOther() throws Exception {
    Path inner = Files.createDirectories(music.resolve("Artist"));
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "artist", inner.toString()).code());
    Result outer = refused(ExitCodes.CONFIG, "folder", "add", "music", music.toString());
    assertTrue(outer.err().contains("contains folder \"artist\""), outer.err());
    Path deeper = Files.createDirectories(inner.resolve("Album"));
    Result in = refused(ExitCodes.CONFIG, "folder", "add", "album", deeper.toString());
    assertTrue(in.err().contains("is inside folder \"artist\""), in.err());
  }

  @Test
  void refusesAFolderThatHoldsTheDeviceHomeOrIsInsideIt() throws Exception {
    // The home holds key.pem and the API key: a folder around it would offer them to peers.
    Result around = refused(ExitCodes.CONFIG, "folder", "add", "all", tmp.toString());
    assertTrue(around.err().contains("contains the device home"), around.err());
    Path inside = Files.createDirectories(tmp.resolve("home").resolve("stuff"));
    Result in = refused(ExitCodes.CONFIG, "folder", "add", "stuff", inside.toString());
    assertTrue(in.err().contains("is inside the device home"), in.err());
    Path link = Files.createSymbolicLink(tmp.resolve("innocent"), tmp.resolve("home"));
    Result viaLink = refused(ExitCodes.CONFIG, "folder", "add", "innocent", link.toString());
    assertTrue(viaLink.err().contains("device home"), viaLink.err());
  }

  @Test
  void refusesMalformedValuesAsUsageErrors() throws Exception {
    Result badId = refused(ExitCodes.USAGE, "folder", "add", "no/slash", music.toString());
    assertTrue(badId.err().contains("folder ID \"no/slash\" is invalid"), badId.err());
    Result badType = refused(ExitCodes.USAGE, "folder", "add", "music", music.toString(), "--type", "sideways");
    assertTrue(badType.err().contains("send-receive, send-only or receive-only"), badType.err());
    Result badDevice = refused(ExitCodes.USAGE, "folder", "share", "music", PEER.substring(0, 20));
    assertTrue(badDevice.err().contains("expected 56"), badDevice.err());
    refused(ExitCodes.USAGE, "folder", "add", "music");
    refused(ExitCodes.USAGE, "folder");
  }

  @Test
  void refusesUnknownFoldersAndDevices() throws Exception {
    Result unknownFolder = refused(ExitCodes.CONFIG, "folder", "share", "music", PEER);
    assertTrue(unknownFolder.err().contains("there is no folder \"music\""), unknownFolder.err());
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "music", music.toString()).code());
    Result unknownDevice = refused(ExitCodes.CONFIG, "folder", "share", "music", PEER);
    assertTrue(unknownDevice.err().contains("there is no device " + PEER), unknownDevice.err());
    assertTrue(unknownDevice.err().contains("chorus device add"), unknownDevice.err());
    Result removeUnknown = refused(ExitCodes.CONFIG, "folder", "remove", "books");
    assertTrue(removeUnknown.err().contains("there is no folder \"books\""), removeUnknown.err());
  }

  @Test
  void withoutInitItSaysSo() {
    Result r = new CliRun(tmp.resolve("elsewhere")).run("folder", "list");
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("run 'chorus init' first"), r.err());
    Result add = new CliRun(tmp.resolve("elsewhere")).run("folder", "add", "music", music.toString());
    assertEquals(ExitCodes.CONFIG, add.code(), add.toString());
    assertFalse(Files.exists(tmp.resolve("elsewhere")), "no home is created by a refused command");
  }

  @Test
  void aHandEditedInvalidConfigIsReportedWithFileAndField() throws Exception {
    String json = Files.readString(configFile).replace("127.0.0.1:22201", "0.0.0.0:22201");
    Files.writeString(configFile, json);
    Result r = cli.run("folder", "list");
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains(configFile + ": api"), r.err());
    assertTrue(r.err().contains("loopback"), r.err());
  }
}
