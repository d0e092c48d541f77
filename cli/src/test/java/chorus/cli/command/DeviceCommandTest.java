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
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceCommandTest {
  static final String PEER = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD";
  static final String OTHER = "OVD3P46-A4F3NKC-3MCF2XO-I5VC2GV-WWHUSS2-EKMP6H7-QX5M3RP-47QS2A7";

  @TempDir Path tmp;
  CliRun cli;
  Path configFile;

  @BeforeEach
  void init() {
    cli = new CliRun(tmp.resolve("home"));
    configFile = tmp.resolve("home").resolve("config.json");
    assertEquals(ExitCodes.OK, cli.run("init", "--name", "here").code());
  }

  ChorusConfig config() throws Exception {
    return new ConfigStore(configFile).load();
  }

  Result refused(int code, String... args) throws Exception {
    byte[] before = Files.readAllBytes(configFile);
    Result r = cli.run(args);
    assertEquals(code, r.code(), r.toString());
    assertArrayEquals(before, Files.readAllBytes(configFile), "config changed by a refused command");
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r;
  }

  @Test
  void addsADeviceWithAddressesAndNetworks() throws Exception {
    Result r = cli.run("device", "add", PEER, "--name", "primary",
        "--address", "tcp://10.8.0.1:22200", "--address", "tcp://[fd00::1]:22200",
        "--allowed-network", "10.8.0.0/24", "--allowed-network", "fd00::/64");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    assertEquals(List.of(new DeviceConfig(DeviceId.parse(PEER), "primary",
            List.of(TcpAddress.parseUri("tcp://10.8.0.1:22200"), TcpAddress.parseUri("tcp://[fd00::1]:22200")),
            List.of("10.8.0.0/24", "fd00::/64"))),
        config().devices());

    assertEquals(ExitCodes.OK, cli.run("device", "add", OTHER).code());
    Result list = cli.run("device", "list");
    assertEquals(ExitCodes.OK, list.code());
    String[] lines = list.out().split("\n");
    assertTrue(lines[0].startsWith("ID") && lines[0].contains("ALLOWED NETWORKS"), list.out());
    assertTrue(lines[1].startsWith(PEER) && lines[1].contains("primary")
        && lines[1].contains("tcp://10.8.0.1:22200 tcp://[fd00::1]:22200") && lines[1].contains("10.8.0.0/24"), lines[1]);
    assertTrue(lines[2].startsWith(OTHER) && lines[2].contains("(it connects)") && lines[2].contains("any"), lines[2]);

    JsonNode json = new ObjectMapper().readTree(cli.run("device", "list", "--json").out());
    assertEquals(2, json.size());
    assertEquals(PEER, json.get(0).get("id").asText());
    assertEquals("tcp://10.8.0.1:22200", json.get(0).get("addresses").get(0).asText());
    assertEquals("10.8.0.0/24", json.get(0).get("allowedNetworks").get(0).asText());
  }

  @Test
  void removingADeviceUnsharesItEverywhere() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    assertEquals(ExitCodes.OK, cli.run("device", "add", PEER).code());
    assertEquals(ExitCodes.OK, cli.run("device", "add", OTHER).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "a", a.toString()).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "add", "b", b.toString()).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "share", "a", PEER).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "share", "b", PEER).code());
    assertEquals(ExitCodes.OK, cli.run("folder", "share", "b", OTHER).code());

    Result r = cli.run("device", "remove", PEER.replace("-", " ").toLowerCase());
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    assertTrue(r.out().contains("unshared from folders a, b"), r.out());
    ChorusConfig c = config();
    assertEquals(List.of(DeviceId.parse(OTHER)), c.devices().stream().map(DeviceConfig::id).toList());
    assertEquals(List.of(), c.folders().get(0).sharedWith());
    assertEquals(List.of(DeviceId.parse(OTHER)), c.folders().get(1).sharedWith());
  }

  @Test
  void refusesThisDevicesOwnId() throws Exception {
    String self = cli.run("id").out().strip();
    Result r = refused(ExitCodes.CONFIG, "device", "add", self);
    assertTrue(r.err().contains("this device's own ID"), r.err());
  }

  @Test
  void refusesADeviceAddedAlready() throws Exception {
    assertEquals(ExitCodes.OK, cli.run("device", "add", PEER, "--name", "primary").code());
    Result r = refused(ExitCodes.CONFIG, "device", "add", PEER.toLowerCase().replace('o', '0'));
    assertTrue(r.err().contains("(\"primary\") was added already"), r.err());
  }

  @Test
  void refusesRemovingAnUnknownDevice() throws Exception {
    Result r = refused(ExitCodes.CONFIG, "device", "remove", PEER);
    assertTrue(r.err().contains("there is no device " + PEER), r.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAA|wrong check character in group 4",
      "MFZWI3D-BONSGYC|expected 56 (or 52 without check characters)",
      "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWA9|invalid character '9' at position 63",
  })
  void refusesABadDeviceIdSayingWhatIsWrong(String id, String expected) throws Exception {
    Result r = refused(ExitCodes.USAGE, "device", "add", id);
    assertTrue(r.err().contains(expected), r.err());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--address|10.8.0.1:22200|must look like tcp://HOST:PORT",
      "--address|tcp://10.8.0.1|needs HOST:PORT",
      "--address|tcp://10.8.0.1:0|port 0, which cannot be dialled",
      "--address|tcp://10.8.0.1:70000|outside 0-65535",
      "--address|tcp://fd00::1:22200|write IPv6 hosts in brackets",
      "--allowed-network|10.8.0.0|has no /PREFIX",
      "--allowed-network|10.8.0.1/24|did you mean 10.8.0.0/24?",
      "--allowed-network|10.8.0.0/40|the most for this address is /32",
      "--allowed-network|vpn/24|is not an IP address",
  })
  void refusesBadAddressesAndNetworks(String option, String value, String expected) throws Exception {
    Result r = refused(ExitCodes.USAGE, "device", "add", PEER, option, value);
    assertTrue(r.err().contains(option), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void anEmptyListSaysHowToAdd() {
    Result r = cli.run("device", "list");
    assertEquals(ExitCodes.OK, r.code());
    assertTrue(r.out().contains("chorus device add"), r.out());
  }
}
