package chorus.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  ChorusConfig sample() {
    return new ChorusConfig("jukebox", TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("127.0.0.1:22201"), "0123456789abcdef0123",
        List.of(new FolderConfig(FolderId.of("music"), dir.toString(), FolderType.RECEIVE_ONLY, List.of(PEER))),
        List.of(new DeviceConfig(PEER, "primary", List.of(TcpAddress.parseUri("tcp://10.0.0.1:22200")),
            List.of("10.0.0.0/24"))),
        null);
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    ConfigStore store = new ConfigStore(dir.resolve("config.json"));
    store.save(sample());
    assertEquals(sample(), store.load());
    String json = Files.readString(store.file());
    assertTrue(json.contains("\"receive-only\""), json);
    assertTrue(json.contains(PEER.toString()), json);
  }

  @Test
  void rejectsUnknownFieldsNamingTheField() throws Exception {
    ConfigStore store = new ConfigStore(dir.resolve("config.json"));
    store.save(sample());
    String json = Files.readString(store.file()).replaceFirst("\\{", "{ \"colour\": \"blue\",");
    Files.writeString(store.file(), json);
    ConfigException e = assertThrows(ConfigException.class, store::load);
    assertTrue(e.getMessage().contains("unknown field \"colour\""), e.getMessage());
  }

  @Test
  void rejectsBadValuesNamingTheFieldAndReason() throws Exception {
    ConfigStore store = new ConfigStore(dir.resolve("config.json"));
    store.save(sample());
    String json = Files.readString(store.file()).replace("receive-only", "sideways");
    Files.writeString(store.file(), json, StandardCharsets.UTF_8);
    ConfigException e = assertThrows(ConfigException.class, store::load);
    assertTrue(e.getMessage().contains("folders[0].type"), e.getMessage());
    assertTrue(e.getMessage().contains("sideways"), e.getMessage());
  }

  @Test
  void aFailedUpdateLeavesTheFileUntouched() throws Exception {
    ConfigStore store = new ConfigStore(dir.resolve("config.json"));
    store.save(sample());
    byte[] before = Files.readAllBytes(store.file());
    assertThrows(ConfigException.class, () -> store.update(c -> c.withDevices(List.of())));
    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(store.file()));
  }
}
