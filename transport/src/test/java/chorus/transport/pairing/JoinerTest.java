package chorus.transport.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.testing.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinerTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final List<TcpAddress> INVITER_ADDRESSES = List.of(new TcpAddress("10.8.0.2", 22200));

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  MemoryConfig inviterConfig = new MemoryConfig("jukebox");
  MemoryConfig joinerConfig = new MemoryConfig("laptop");

  String token(FolderId folder) throws IOException {
    if (folder != null && inviterConfig.current().folder(folder).isEmpty()) {
      inviterConfig.config = inviterConfig.config.withFolder(
          new FolderConfig(folder, "/srv/" + folder, FolderType.SEND_RECEIVE, List.of()));
    }
    return inviter().issue(folder, null, INVITER_ADDRESSES).encode();
  }

  PairingRegistry inviter() {
    return PairingRegistry.inHome(tmp.resolve("inviter-home"), Ids.INVITER, inviterConfig, clock, new SecureRandom());
  }

  PendingJoins pending() {
    return PendingJoins.inHome(tmp.resolve("joiner-home"), clock);
  }

  Joiner joiner() {
    return new Joiner(Ids.JOINER, joinerConfig, pending(), clock);
  }

  @Test
  void joinAddsTheInviterAndTheFolderAndRemembersTheSecret() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("music"));
    String token = token(MUSIC);
    Joiner.Joined joined = joiner().join(token, dir);

    assertEquals(Ids.INVITER, joined.device());
    assertEquals(MUSIC, joined.folder());
    assertEquals(dir.toAbsolutePath(), joined.folderPath());
    DeviceConfig inviter = joinerConfig.current().device(Ids.INVITER).orElseThrow();
    assertEquals("jukebox", inviter.name());
    assertEquals(INVITER_ADDRESSES, inviter.addresses());
    FolderConfig folder = joinerConfig.current().folder(MUSIC).orElseThrow();
    assertEquals(dir.toAbsolutePath().toString(), folder.path());
    assertEquals(List.of(Ids.INVITER), folder.sharedWith());

    PairingSecret secret = pending().secretFor(Ids.INVITER).orElseThrow();
    // End to end: the node presents the remembered secret and the inviter admits us, once.
    InetSocketAddress remote = new InetSocketAddress("10.8.0.7", 40000);
    PairingRegistry gate = inviter();
    assertTrue(gate.admit(Ids.JOINER, "laptop", secret.text(), remote).admitted());
    assertTrue(inviterConfig.current().folder(MUSIC).orElseThrow().sharedWith().contains(Ids.JOINER));
    assertTrue(!gate.admit(Ids.JOINER, "laptop", secret.text(), remote).admitted());
  }

  @Test
  void withoutPathTheFolderIsOfferedButNotAdded() throws Exception {
    Joiner.Joined joined = joiner().join(token(MUSIC), null);
    assertEquals(MUSIC, joined.folder());
    assertNull(joined.folderPath());
    assertTrue(joinerConfig.current().folders().isEmpty());
    assertTrue(joinerConfig.current().device(Ids.INVITER).isPresent());
    assertTrue(pending().secretFor(Ids.INVITER).isPresent());
  }

  @Test
  void anExistingFolderIsSharedWhereItIs() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("here"));
    joinerConfig.config = joinerConfig.config.withFolder(
        new FolderConfig(MUSIC, dir.toString(), FolderType.RECEIVE_ONLY, List.of()));
    Joiner.Joined joined = joiner().join(token(MUSIC), null);
    assertEquals(dir, joined.folderPath());
    FolderConfig f = joinerConfig.current().folder(MUSIC).orElseThrow();
    assertEquals(FolderType.RECEIVE_ONLY, f.type());
    assertEquals(List.of(Ids.INVITER), f.sharedWith());

    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> joiner().join(token(MUSIC), elsewhere));
    assertTrue(e.getMessage().contains("already configured here at " + dir), e.getMessage());
  }

  @Test
  void rejectsAMissingOrNonDirectoryPath() throws Exception {
    String token = token(MUSIC);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> joiner().join(token, tmp.resolve("nowhere")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    IllegalArgumentException notDir = assertThrows(IllegalArgumentException.class, () -> joiner().join(token, file));
    assertTrue(notDir.getMessage().contains("is not a directory"), notDir.getMessage());
    assertNothingJoined();
  }

  @Test
  void rejectsAPathForAnInviteWithoutFolder() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("music"));
    String token = token(null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> joiner().join(token, dir));
    assertTrue(e.getMessage().contains("shares no folder"), e.getMessage());
    assertNothingJoined();
  }

  @Test
  void rejectsItsOwnInvite() throws Exception {
    String token = token(null);
    Joiner self = new Joiner(Ids.INVITER, joinerConfig, pending(), clock);
    InvalidInviteException e = assertThrows(InvalidInviteException.class, () -> self.join(token, null));
    assertTrue(e.getMessage().contains("made by this device"), e.getMessage());
    assertNothingJoined();
  }

  @Test
  void rejectsBadAndExpiredTokens() throws Exception {
    assertThrows(InvalidInviteException.class, () -> joiner().join("chorus-invite1:garbage", null));
    String token = token(null);
    clock.advance(Duration.ofHours(1));
    InvalidInviteException e = assertThrows(InvalidInviteException.class, () -> joiner().join(token, null));
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
    assertNothingJoined();
  }

  @Test
  void aConfigFailureLeavesNoPendingJoin() throws Exception {
    String token = token(null);
    joinerConfig.failNext = true;
    assertThrows(IOException.class, () -> joiner().join(token, null));
    assertNothingJoined();
  }

  @Test
  void joiningAKnownDeviceMergesAddresses() throws Exception {
    TcpAddress known = new TcpAddress("jukebox.vpn", 22200);
    joinerConfig.config = joinerConfig.config.withDevice(
        new DeviceConfig(Ids.INVITER, "", List.of(known), List.of("10.8.0.0/24")));
    Joiner.Joined joined = joiner().join(token(null), null);
    DeviceConfig d = joinerConfig.current().device(Ids.INVITER).orElseThrow();
    assertEquals(List.of(known, INVITER_ADDRESSES.get(0)), d.addresses());
    assertEquals(d.addresses(), joined.addresses());
    assertEquals("jukebox", d.name());
    assertEquals(List.of("10.8.0.0/24"), d.allowedNetworks());
  }

  void assertNothingJoined() throws IOException {
    assertTrue(joinerConfig.current().devices().isEmpty(), joinerConfig.current().toString());
    assertTrue(joinerConfig.current().folders().isEmpty());
    assertEquals(Optional.empty(), pending().secretFor(Ids.INVITER));
  }
}
