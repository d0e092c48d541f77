package chorus.transport.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.testing.MutableClock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingRegistryTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final List<TcpAddress> ADDRESSES = List.of(new TcpAddress("10.8.0.2", 22200));
  static final InetSocketAddress REMOTE = new InetSocketAddress("10.8.0.7", 51234);

  @TempDir Path home;
  MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  MemoryConfig config = new MemoryConfig("jukebox");
  PairingRegistry registry;

  @BeforeEach
  void setUp() {
    config.config = config.config.withFolder(new FolderConfig(MUSIC, "/srv/music", FolderType.SEND_RECEIVE, List.of()));
    registry = newRegistry();
  }

  PairingRegistry newRegistry() {
    return PairingRegistry.inHome(home, Ids.INVITER, config, clock, new SecureRandom());
  }

  @Test
  void validSecretAdmitsOnceAddingTheDeviceAndSharingTheFolder() {
    InviteToken t = issue(MUSIC, null);
    assertEquals(Ids.INVITER, t.device());
    assertEquals("jukebox", t.deviceName());
    assertEquals(clock.instant().plus(PairingRegistry.DEFAULT_TTL), t.expiresAt());
    assertEquals(1, registry.outstanding());

    assertTrue(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());

    DeviceConfig added = config.current().device(Ids.JOINER).orElseThrow();
    assertEquals("laptop", added.name());
    assertEquals(List.of(new TcpAddress("10.8.0.7", 22200)), added.addresses(),
        "the address as seen, with the default port (the source port is ephemeral)");
    assertEquals(List.of(Ids.JOINER), config.current().folder(MUSIC).orElseThrow().sharedWith());
    assertEquals(0, registry.outstanding());

    assertFalse(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted(), "single use");
    assertFalse(registry.admit(Ids.OTHER, "thief", t.secret().text(), REMOTE).admitted(), "single use for anyone");
    assertTrue(config.current().device(Ids.OTHER).isEmpty());
    assertEquals(1, config.updates);
  }

  @Test
  void thePeersNameIsCleanedBeforeItReachesTheConfig() {
    InviteToken t = issue(null, null);
    assertTrue(registry.admit(Ids.JOINER, "evil\u001b[2J\nname", t.secret().text(), REMOTE).admitted());
    assertEquals("evil[2Jname", config.current().device(Ids.JOINER).orElseThrow().name());
  }

  @Test
  void inviteWithoutFolderAddsOnlyTheDevice() {
    InviteToken t = issue(null, Duration.ofMinutes(5));
    assertTrue(registry.admit(Ids.JOINER, "laptop", t.secret().text(), new InetSocketAddress("127.0.0.1", 40000)).admitted());
    assertEquals(List.of(), config.current().device(Ids.JOINER).orElseThrow().addresses(),
        "a joiner on loopback gets no dial address: its port is unknown and ours is taken");
    assertEquals(List.of(), config.current().folder(MUSIC).orElseThrow().sharedWith());
  }

  @Test
  void expiredSecretFails() {
    InviteToken t = issue(MUSIC, Duration.ofMinutes(2));
    clock.advance(Duration.ofMinutes(2));
    assertFalse(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());
    assertTrue(config.current().device(Ids.JOINER).isEmpty());
    assertEquals(0, config.updates);
  }

  @Test
  void wrongMalformedOrEmptySecretFails() {
    InviteToken t = issue(MUSIC, null);
    PairingSecret other = PairingSecret.random(new SecureRandom());
    assertFalse(registry.admit(Ids.JOINER, "laptop", other.text(), REMOTE).admitted());
    assertFalse(registry.admit(Ids.JOINER, "laptop", "not base64 !!", REMOTE).admitted());
    assertFalse(registry.admit(Ids.JOINER, "laptop", "", REMOTE).admitted());
    assertFalse(registry.admit(Ids.JOINER, "laptop", null, REMOTE).admitted());
    assertFalse(registry.admit(Ids.INVITER, "me", t.secret().text(), REMOTE).admitted(), "our own ID is never admitted");
    assertEquals(0, config.updates);
    assertTrue(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted(), "failed attempts do not use it up");
  }

  @Test
  void aConfigFailureLeavesTheInviteUsable() {
    InviteToken t = issue(MUSIC, null);
    config.failNext = true;
    assertFalse(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());
    assertTrue(config.current().device(Ids.JOINER).isEmpty());
    assertEquals(1, registry.outstanding());
    assertTrue(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());
  }

  @Test
  void outstandingInvitesSurviveARestartWithOnlyHashesOnDisk() throws Exception {
    InviteToken used = issue(MUSIC, null);
    InviteToken open = issue(null, Duration.ofHours(1));
    InviteToken expiring = issue(null, Duration.ofMinutes(1));
    assertTrue(registry.admit(Ids.JOINER, "laptop", used.secret().text(), REMOTE).admitted());

    Path file = home.resolve("invites.json");
    String json = Files.readString(file);
    for (InviteToken t : List.of(used, open, expiring)) {
      assertFalse(json.contains(t.secret().text()), "secrets are stored hashed: " + json);
    }
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(file));
    }

    clock.advance(Duration.ofMinutes(5));
    PairingRegistry restarted = newRegistry();
    assertEquals(1, restarted.outstanding());
    assertFalse(restarted.admit(Ids.OTHER, "x", used.secret().text(), REMOTE).admitted(), "still used after restart");
    assertFalse(restarted.admit(Ids.OTHER, "x", expiring.secret().text(), REMOTE).admitted(), "expired");
    assertTrue(restarted.admit(Ids.OTHER, "desk", open.secret().text(), REMOTE).admitted());
    assertTrue(config.current().device(Ids.OTHER).isPresent());
  }

  @Test
  void aDamagedFileVoidsInvitesButDoesNotStopTheNode() throws Exception {
    InviteToken t = issue(null, null);
    Files.writeString(home.resolve("invites.json"), "{ not json");
    PairingRegistry restarted = newRegistry();
    assertEquals(0, restarted.outstanding());
    assertFalse(restarted.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());
    issue(restarted, null, null);
    assertEquals(1, newRegistry().outstanding(), "the next issue rewrites a good file");
  }

  @Test
  void issueValidatesItsInputs() {
    IllegalArgumentException noFolder = assertThrows(IllegalArgumentException.class,
        () -> registry.issue(FolderId.of("films"), null, ADDRESSES));
    assertTrue(noFolder.getMessage().contains("folder \"films\" is not configured"), noFolder.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.issue(null, Duration.ofSeconds(59), ADDRESSES));
    assertThrows(IllegalArgumentException.class, () -> registry.issue(null, Duration.ofDays(8), ADDRESSES));
    assertThrows(IllegalArgumentException.class, () -> registry.issue(null, null, List.of()));
    assertEquals(0, registry.outstanding());
  }

  @Test
  void outstandingInvitesAreBounded() {
    for (int i = 0; i < PairingRegistry.MAX_OUTSTANDING; i++) {
      issue(null, null);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> issue(null, null));
    assertTrue(e.getMessage().contains("outstanding"), e.getMessage());
    clock.advance(PairingRegistry.DEFAULT_TTL);
    issue(null, null);
  }

  @Test
  void anAlreadyKnownDeviceKeepsItsEntryAndGetsTheFolder() {
    DeviceConfig known = new DeviceConfig(Ids.JOINER, "old name", List.of(new TcpAddress("laptop.vpn", 22210)), List.of("10.8.0.0/24"));
    config.config = config.config.withDevice(known);
    InviteToken t = issue(MUSIC, null);
    assertTrue(registry.admit(Ids.JOINER, "laptop", t.secret().text(), REMOTE).admitted());
    assertEquals(known, config.current().device(Ids.JOINER).orElseThrow());
    assertEquals(List.of(Ids.JOINER), config.current().folder(MUSIC).orElseThrow().sharedWith());
  }

  InviteToken issue(FolderId folder, Duration ttl) {
    return issue(registry, folder, ttl);
  }

  static InviteToken issue(PairingRegistry r, FolderId folder, Duration ttl) {
    try {
      return r.issue(folder, ttl, ADDRESSES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRefusedInviteTellsTheJoinerWhatHappenedToItAndNothingElse() {
    InviteToken used = issue(MUSIC, null);
    assertTrue(registry.admit(Ids.JOINER, "laptop", used.secret().text(), REMOTE).admitted());
    var again = registry.admit(Ids.OTHER, "desk", used.secret().text(), REMOTE);
    assertEquals("this invite was already used", again.refusal(), "who used it is not the joiner's business");

    InviteToken expiring = issue(MUSIC, Duration.ofMinutes(2));
    clock.advance(Duration.ofMinutes(2));
    assertEquals("this invite expired at " + expiring.expiresAt(),
        registry.admit(Ids.OTHER, "desk", expiring.secret().text(), REMOTE).refusal());
    assertEquals("this device has no such invite (it expired, or was never issued here)",
        registry.admit(Ids.OTHER, "desk", PairingSecret.random(new SecureRandom()).text(), REMOTE).refusal());
    assertEquals("the invite secret is malformed", registry.admit(Ids.OTHER, "desk", "not base64 !!", REMOTE).refusal());

    assertFalse(registry.admit(Ids.OTHER, "desk", "", REMOTE).refused(), "no secret: nothing to refuse");
    InviteToken open = issue(MUSIC, null);
    config.failNext = true;
    assertFalse(registry.admit(Ids.OTHER, "desk", open.secret().text(), REMOTE).refused(),
        "a config failure is not final: the invite stays usable, the joiner keeps trying");
  }
}
