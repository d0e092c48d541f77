package chorus.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
  static final DeviceId PEER = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");

  @TempDir Path dir;

  /** The device home holding config.json: apart from the folders, which no home may be near. */
  Path home() throws java.io.IOException {
    return Files.createDirectories(dir.resolve("home"));
  }

  ChorusConfig sample() {
    return new ChorusConfig("jukebox", TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("127.0.0.1:22201"), "0123456789abcdef0123",
        List.of(new FolderConfig(FolderId.of("music"), dir.resolve("music").toString(), FolderType.RECEIVE_ONLY,
            List.of(PEER))),
        List.of(new DeviceConfig(PEER, "primary", List.of(TcpAddress.parseUri("tcp://10.0.0.1:22200")),
            List.of("10.0.0.0/24"))),
        null);
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample());
    assertEquals(sample(), store.load());
    String json = Files.readString(store.file());
    assertTrue(json.contains("\"receive-only\""), json);
    assertTrue(json.contains(PEER.toString()), json);
  }

  @Test
  void rejectsUnknownFieldsNamingTheField() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample());
    String json = Files.readString(store.file()).replaceFirst("\\{", "{ \"colour\": \"blue\",");
    Files.writeString(store.file(), json);
    ConfigException e = assertThrows(ConfigException.class, store::load);
    assertTrue(e.getMessage().contains("unknown field \"colour\""), e.getMessage());
  }

  @Test
  void rejectsBadValuesNamingTheFieldAndReason() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample());
    String json = Files.readString(store.file()).replace("receive-only", "sideways");
    Files.writeString(store.file(), json, StandardCharsets.UTF_8);
    ConfigException e = assertThrows(ConfigException.class, store::load);
    assertTrue(e.getMessage().contains("folders[0].type"), e.getMessage());
    assertTrue(e.getMessage().contains("sideways"), e.getMessage());
  }

  @Test
  void aFailedUpdateLeavesTheFileUntouched() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample());
    byte[] before = Files.readAllBytes(store.file());
    assertThrows(ConfigException.class, () -> store.edit(c -> c.withDevices(List.of())));
    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(store.file()));
  }

  @Test
  void rejectsAnApiThatIsNotOnLoopback() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    ChorusConfig open = new ChorusConfig("jukebox", TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("0.0.0.0:22201"), "0123456789abcdef0123", List.of(), List.of(), null);
    ConfigException e = assertThrows(ConfigException.class, () -> store.save(open));
    assertTrue(e.getMessage().contains("api \"0.0.0.0:22201\" must be on a loopback IP address"), e.getMessage());
    assertFalse(Files.exists(store.file()));
  }

  @Test
  void rejectsBadNetworksAndUndiallableAddresses() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    ChorusConfig badCidr = sample().withDevices(List.of(new DeviceConfig(PEER, "p", List.of(), List.of("10.0.0.1/24"))));
    ConfigException e = assertThrows(ConfigException.class, () -> store.save(badCidr));
    assertTrue(e.getMessage().contains("devices[0].allowedNetworks[0]: network \"10.0.0.1/24\""), e.getMessage());
    ChorusConfig port0 = sample().withDevices(List.of(new DeviceConfig(PEER, "p",
        List.of(TcpAddress.parseUri("tcp://10.0.0.1:0")), List.of())));
    e = assertThrows(ConfigException.class, () -> store.save(port0));
    assertTrue(e.getMessage().contains("devices[0].addresses[0]"), e.getMessage());
  }

  @Test
  void rejectsFoldersInsideEachOther() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    ChorusConfig nested = sample().withFolders(List.of(
        new FolderConfig(FolderId.of("music"), dir.resolve("music").toString(), FolderType.SEND_RECEIVE, List.of()),
        new FolderConfig(FolderId.of("inner"), dir.resolve("music/a").toString(), FolderType.SEND_RECEIVE,
            List.of())));
    ConfigException e = assertThrows(ConfigException.class, () -> store.save(nested));
    assertTrue(e.getMessage().contains("folders[1].path") && e.getMessage().contains("overlaps folder \"music\""),
        e.getMessage());
  }

  @Test
  void rejectsAFolderHoldingTheDeviceHomeOrInsideIt() throws Exception {
    // The config file's directory is the device home: key.pem and the API key live there.
    ConfigStore store = new ConfigStore(dir.resolve("config.json"));
    for (Path bad : List.of(dir, dir.getParent(), dir.resolve("inside"))) {
      ChorusConfig c = sample().withFolders(List.of(
          new FolderConfig(FolderId.of("music"), bad.toString(), FolderType.SEND_RECEIVE, List.of())));
      ConfigException e = assertThrows(ConfigException.class, () -> store.save(c), bad::toString);
      assertTrue(e.getMessage().contains("folders[0].path") && e.getMessage().contains("device home"), e.getMessage());
    }
  }

  @Test
  void concurrentEditsAreNotLost() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample().withDevices(List.of()).withFolders(List.of()));
    int threads = 4;
    int perThread = 10;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      java.util.Random random = new java.util.Random(7);
      for (int t = 0; t < threads; t++) {
        List<DeviceId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          byte[] raw = new byte[32];
          random.nextBytes(raw);
          ids.add(DeviceId.ofBytes(raw));
        }
        // Each thread uses its own store object, as separate commands would.
        ConfigStore own = new ConfigStore(store.file());
        done.add(pool.submit(() -> {
          for (DeviceId id : ids) {
            own.edit(c -> c.withDevice(new DeviceConfig(id, "", List.of(), List.of())));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * perThread, store.load().devices().size());
  }

  @Test
  void editWithoutAConfigSaysToRunInit() {
    ConfigStore store = new ConfigStore(dir.resolve("missing").resolve("config.json"));
    ConfigException e = assertThrows(ConfigException.class, () -> store.edit(c -> c));
    assertTrue(e.getMessage().contains("run 'chorus init' first"), e.getMessage());
  }

  @Test
  void editsFromSeveralProcessesAreNotLost() throws Exception {
    ConfigStore store = new ConfigStore(home().resolve("config.json"));
    store.save(sample().withDevices(List.of()).withFolders(List.of()));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new java.util.ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      children.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
          ConfigEditorProcess.class.getName(), store.file().toString(), "15", Integer.toString(seed))
          .redirectErrorStream(true).start());
    }
    for (Process p : children) {
      assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "child finished");
      assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(45, store.load().devices().size());
  }
}
