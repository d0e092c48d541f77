package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code chorus run} tells a user, for each state a home can be in. */
class RunSummaryTest {
  private static final DeviceId SELF = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
  private static final DeviceId PEER = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

  private static String print(ChorusConfig config) {
    StringWriter text = new StringWriter();
    new RunSummary(SELF, "vm", Path.of("/tmp/x"), new TcpAddress("::", 22200), new TcpAddress("127.0.0.1", 22201), config)
        .print(new PrintWriter(text));
    return text.toString();
  }

  private static ChorusConfig config(List<FolderConfig> folders, List<DeviceConfig> devices) {
    return new ChorusConfig("vm", TcpAddress.parseUri("tcp://[::]:22200"), TcpAddress.parseHostPort("127.0.0.1:22201"),
        "0123456789abcdef0123", folders, devices, null);
  }

  private static final String HEAD = """
      chorus is running as device "vm" (home /tmp/x)
        device ID  MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD
        listening  tcp://[::]:22200 for peers
        local API  127.0.0.1:22201

      """;

  @Test
  void aFreshHomeIsToldHowToAddAFolderAndInviteOrHowToJoin() {
    assertEquals(HEAD + """
        Next, in another terminal: add a folder and invite another device to it,
          chorus folder add ID PATH        e.g. chorus folder add music ~/Music
          chorus invite --folder ID        prints a token to paste on the other device
        or join a device that invited this one:
          chorus join TOKEN --path DIR
        Stop with Ctrl-C.
        """, print(config(List.of(), List.of())));
  }

  @Test
  void aHomeWithAFolderButNoDeviceIsToldToInviteToThatFolder() {
    FolderConfig music = new FolderConfig(FolderId.of("music"), "/srv/music", FolderType.SEND_RECEIVE, List.of());
    assertEquals(HEAD + """
        Next, in another terminal: invite another device to folder music,
          chorus invite --folder music    prints a token to paste on the other device
        or join a device that invited this one:
          chorus join TOKEN --path DIR
        Stop with Ctrl-C.
        """, print(config(List.of(music), List.of())));
  }

  @Test
  void aPairedHomeGetsTheSummaryOnly() {
    FolderConfig music = new FolderConfig(FolderId.of("music"), "/srv/music", FolderType.SEND_RECEIVE, List.of(PEER));
    DeviceConfig peer = new DeviceConfig(PEER, "nas", List.of(), List.of());
    assertEquals(HEAD + """
        1 device, 1 folder; 'chorus status' shows them.
        Stop with Ctrl-C.
        """, print(config(List.of(music), List.of(peer))));
  }
}
