package chorus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChorusConfigTest {
  static final DeviceId PEER = DeviceId.ofBytes(new byte[32]);

  static FolderConfig folder(String id) {
    return new FolderConfig(FolderId.of(id), "/srv/" + id, FolderType.SEND_RECEIVE, List.of());
  }

  static ChorusConfig config(List<FolderConfig> folders) {
    TcpAddress any = TcpAddress.parseUri("tcp://127.0.0.1:22200");
    return new ChorusConfig("host", any, any, "key", folders, List.of(), null);
  }

  @Test
  void aReplacedFolderKeepsItsPlaceAndANewOneGoesLast() {
    ChorusConfig c = config(List.of(folder("a"), folder("b"), folder("c")));
    ChorusConfig shared = c.withFolder(folder("b").sharedAlsoWith(PEER));
    assertEquals(List.of("a", "b", "c"), shared.folders().stream().map(f -> f.id().value()).toList());
    assertEquals(List.of(PEER), shared.folder(FolderId.of("b")).orElseThrow().sharedWith());
    assertEquals(List.of("a", "b", "c", "d"),
        c.withFolder(folder("d")).folders().stream().map(f -> f.id().value()).toList());
  }

  @Test
  void sharingTwiceIsSharingOnceAndUnsharingRemovesOnlyThatDevice() {
    DeviceId other = DeviceId.ofBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    FolderConfig f = folder("a").sharedAlsoWith(PEER).sharedAlsoWith(other).sharedAlsoWith(PEER);
    assertEquals(List.of(PEER, other), f.sharedWith());
    assertEquals(List.of(other), f.notSharedWith(PEER).sharedWith());
  }
}
