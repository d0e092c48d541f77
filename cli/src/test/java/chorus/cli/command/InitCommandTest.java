package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.cli.home.IdentityFiles;
import chorus.core.config.ChorusConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.tls.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitCommandTest {
  @TempDir Path tmp;

  Path homeDir() {
    return tmp.resolve("config").resolve("chorus");
  }

  CliRun cli() {
    return new CliRun(homeDir());
  }

  DeviceHome home() {
    return new DeviceHome(homeDir());
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Every file of the home, for "nothing changed" checks. */
  Map<String, byte[]> snapshot() throws Exception {
    return Map.of(
        "cert", Files.readAllBytes(home().certFile()),
        "key", Files.readAllBytes(home().keyFile()),
        "config", Files.readAllBytes(home().configFile()));
  }

  static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
    for (String name : before.keySet()) {
      assertArrayEquals(before.get(name), after.get(name), name + " changed");
    }
  }

  @Test
  void createsAnOwnerOnlyHomeWithAP384IdentityAndAConfig() throws Exception {
    Result r = cli().run("init", "--name", "jukebox");
    assertEquals(ExitCodes.OK, r.code(), r.toString());

    assertEquals("rwx------", mode(homeDir()));
    assertEquals("rw-------", mode(home().keyFile()));
    assertEquals("rw-------", mode(home().configFile()));

    DeviceIdentity identity = DeviceIdentity.load(home().certFile(), home().keyFile());
    ECPublicKey key = (ECPublicKey) identity.certificate().getPublicKey();
    assertEquals(384, key.getParams().getCurve().getField().getFieldSize());
    assertTrue(r.out().contains("Device ID: " + identity.deviceId()), r.out());

    ChorusConfig config = new ConfigStore(home().configFile()).load();
    assertEquals("jukebox", config.deviceName());
    assertEquals("tcp://0.0.0.0:22200", config.listen().toUri());
    assertEquals("127.0.0.1:22201", config.api().hostPort());
    assertEquals(32, Base64.getUrlDecoder().decode(config.apiKey()).length, "a 256-bit API key");
    assertTrue(config.folders().isEmpty() && config.devices().isEmpty());

    Result id = cli().run("id");
    assertEquals(ExitCodes.OK, id.code(), id.toString());
    assertEquals(identity.deviceId().toString(), id.out().strip());
  }

  @Test
  void takesListenApiAndNameOptions() throws Exception {
    Result r = cli().run("init", "--name", "laptop", "--listen", "tcp://10.8.0.2:22300", "--api", "[::1]:23000");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    ChorusConfig config = new ConfigStore(home().configFile()).load();
    assertEquals("laptop", config.deviceName());
    assertEquals("tcp://10.8.0.2:22300", config.listen().toUri());
    assertEquals("[::1]:23000", config.api().hostPort());
  }

  @Test
  void theDefaultNameIsTheHostName() throws Exception {
    assertEquals(ExitCodes.OK, cli().run("init").code());
    assertEquals(HostName.get(), new ConfigStore(home().configFile()).load().deviceName());
    assertFalse(HostName.get().isBlank());
  }

  @Test
  void makesAnExistingHomeOwnerOnly() throws Exception {
    Files.createDirectories(homeDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals(ExitCodes.OK, cli().run("init").code());
    assertEquals("rwx------", mode(homeDir()));
  }

  @Test
  void eachDeviceGetsItsOwnKeyAndApiKey() throws Exception {
    CliRun other = new CliRun(tmp.resolve("other"));
    assertEquals(ExitCodes.OK, cli().run("init").code());
    assertEquals(ExitCodes.OK, other.run("init").code());
    assertNotEquals(cli().run("id").out(), other.run("id").out());
    ChorusConfig a = new ConfigStore(home().configFile()).load();
    ChorusConfig b = new ConfigStore(tmp.resolve("other").resolve("config.json")).load();
    assertNotEquals(a.apiKey(), b.apiKey());
  }

  @Test
  void refusesToReplaceAnIdentityWithoutForce() throws Exception {
    assertEquals(ExitCodes.OK, cli().run("init").code());
    DeviceId id = IdentityFiles.readDeviceId(home());
    Map<String, byte[]> before = snapshot();

    Result again = cli().run("init", "--name", "other");
    assertEquals(ExitCodes.CONFIG, again.code(), again.toString());
    assertTrue(again.err().contains("already holds a device identity (device ID " + id + ")"), again.err());
    assertTrue(again.err().contains("--force"), again.err());
    assertFalse(again.err().contains("\tat "), "no stack trace: " + again.err());
    assertSameFiles(before, snapshot());
  }

  @Test
  void refusesWhenOnlyAConfigIsThere() throws Exception {
    assertEquals(ExitCodes.OK, cli().run("init").code());
    Files.delete(home().certFile());
    Files.delete(home().keyFile());
    byte[] config = Files.readAllBytes(home().configFile());
    Result again = cli().run("init");
    assertEquals(ExitCodes.CONFIG, again.code(), again.toString());
    assertTrue(again.err().contains("config"), again.err());
    assertArrayEquals(config, Files.readAllBytes(home().configFile()));
    assertFalse(Files.exists(home().certFile()));
  }

  @Test
  void forceReplacesTheIdentityAndKeepsFoldersAndDevices() throws Exception {
    assertEquals(ExitCodes.OK, cli().run("init").code());
    DeviceId before = IdentityFiles.readDeviceId(home());
    Path music = Files.createDirectory(tmp.resolve("music"));
    assertEquals(ExitCodes.OK, cli().run("folder", "add", "music", music.toString()).code());
    String peer = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD";
    assertEquals(ExitCodes.OK, cli().run("device", "add", peer).code());
    assertEquals(ExitCodes.OK, cli().run("folder", "share", "music", peer).code());
    String oldKey = new ConfigStore(home().configFile()).load().apiKey();

    Result r = cli().run("init", "--force", "--name", "renamed");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    DeviceId after = IdentityFiles.readDeviceId(home());
    assertNotEquals(before, after);
    assertEquals(after, DeviceIdentity.load(home().certFile(), home().keyFile()).deviceId());
    ChorusConfig config = new ConfigStore(home().configFile()).load();
    assertEquals("renamed", config.deviceName());
    assertNotEquals(oldKey, config.apiKey());
    assertEquals(1, config.folder(FolderId.of("music")).orElseThrow().sharedWith().size());
    assertEquals(1, config.devices().size());
    assertEquals("rw-------", mode(home().keyFile()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0:22201", "10.8.0.1:22201", "localhost:22201", "127.0.0.1", "tcp://127.0.0.1:22201",
      "127.0.0.1:0"})
  void theApiMustBeOnALoopbackAddress(String api) {
    Result r = cli().run("init", "--api", api);
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("--api"), r.err());
    assertFalse(Files.exists(homeDir()), "nothing is created on a usage error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0:22200", "tcp://0.0.0.0:99999", "tcp://:22200", "tcp://0.0.0.0:port"})
  void rejectsABadListenAddress(String listen) {
    Result r = cli().run("init", "--listen", listen);
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("--listen"), r.err());
    assertFalse(Files.exists(homeDir()));
  }

  @Test
  void rejectsAnEmptyName() {
    Result r = cli().run("init", "--name", "  ");
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    assertFalse(Files.exists(homeDir().resolve("config.json")));
  }

  /** The test data's README says how each identity was made and where its expected ID comes from. */
  @ParameterizedTest
  @ValueSource(strings = {"syncthing-home", "ed25519-home", "rsa-home"})
  void importsASyncthingIdentityKeepingItsDeviceId(String dataDir) throws Exception {
    Path source = testData(dataDir);
    String expected = Files.readString(source.resolve("device-id.txt"), StandardCharsets.US_ASCII).strip();

    Result r = cli().run("init", "--import-syncthing", source.toString());
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    assertTrue(r.out().contains("Device ID: " + expected), r.out());

    Result id = cli().run("id");
    assertEquals(expected, id.out().strip());
    assertArrayEquals(IdentityFiles.readCertificateDer(source.resolve("cert.pem")),
        IdentityFiles.readCertificateDer(home().certFile()), "the certificate's bytes are kept");
    assertEquals(expected, DeviceIdentity.load(home().certFile(), home().keyFile()).deviceId().toString());
    assertEquals("rw-------", mode(home().keyFile()));
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
    Path mixed = Files.createDirectory(tmp.resolve("mixed"));
    Files.copy(testData("syncthing-home").resolve("cert.pem"), mixed.resolve("cert.pem"));
    Files.copy(testData("rsa-home").resolve("key.pem"), mixed.resolve("key.pem"));
    Result r = cli().run("init", "--import-syncthing", mixed.toString());
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("cannot import from " + mixed), r.err());
    assertFalse(Files.exists(homeDir()), "nothing written");

    Path sameType = Files.createDirectory(tmp.resolve("same-type"));
    Files.copy(testData("syncthing-home").resolve("cert.pem"), sameType.resolve("cert.pem"));
    Files.writeString(sameType.resolve("key.pem"), DeviceIdentity.generate(java.time.Instant.now(),
        new java.security.SecureRandom()).privateKeyPem());
    Result r2 = cli().run("init", "--import-syncthing", sameType.toString());
    assertEquals(ExitCodes.CONFIG, r2.code(), r2.toString());
    assertTrue(r2.err().contains("is not the private key of"), r2.err());
  }

  @Test
  void refusesAnIncompleteOrDamagedSyncthingHome() throws Exception {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Result r = cli().run("init", "--import-syncthing", empty.toString());
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("cert.pem is missing"), r.err());

    Files.copy(testData("syncthing-home").resolve("cert.pem"), empty.resolve("cert.pem"));
    r = cli().run("init", "--import-syncthing", empty.toString());
    assertTrue(r.err().contains("key.pem is missing"), r.err());

    Files.writeString(empty.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
    r = cli().run("init", "--import-syncthing", empty.toString());
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("key.pem"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(homeDir()));
  }

  static Path testData(String dir) throws Exception {
    return Path.of(InitCommandTest.class.getResource("/" + dir + "/cert.pem").toURI()).getParent();
  }
}
