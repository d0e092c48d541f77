package chorus.transport.node;

import static chorus.transport.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ClusterConfig;
import chorus.transport.peer.PeerConnection;
import chorus.transport.testing.TestIdentities;
import chorus.transport.testing.TestNode;
import chorus.transport.tls.RejectReason;
import chorus.transport.tls.TlsProviderPreference;
import io.netty.handler.ssl.OpenSsl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two or more real node services over loopback TLS: connecting, trust decisions, duplicates, redial. */
class NodeConnectionTest {
  private static final ChunkSource NOTHING = (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(TestNode::close);
  }

  private TestNode node(String name) {
    TestNode n = new TestNode(name);
    nodes.add(n);
    return n;
  }

  private static TlsProviderPreference provider(TlsProviderPreference p) {
    if (p == TlsProviderPreference.OPENSSL) {
      assumeTrue(OpenSsl.isAvailable(), "BoringSSL not available here");
    }
    return p;
  }

  @ParameterizedTest
  @EnumSource(value = TlsProviderPreference.class, names = {"OPENSSL", "JDK"})
  void twoNodesConnectAndExchangeHelloAndClusterConfig(TlsProviderPreference p) {
    TestNode a = node("alpha");
    TestNode b = node("beta");
    a.start(TestNode.config("alpha", 0), TestNode.settings(provider(p)), NOTHING);
    ChorusConfig aConfig = TestNode.sharing(a.node.config().withDevice(
        new DeviceConfig(b.id(), "beta", List.of(), List.of())), "music", b.id());
    a.node.applyConfig(aConfig);
    ChorusConfig bConfig = TestNode.sharing(
        TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())), "music", a.id());
    b.start(bConfig, TestNode.settings(provider(p)), NOTHING);

    await("both connected", () -> a.connectedTo(b) && b.connectedTo(a));
    PeerConnection ab = a.node.connection(b.id()).orElseThrow();
    PeerConnection ba = b.node.connection(a.id()).orElseThrow();
    assertEquals("beta", ab.hello().orElseThrow().deviceName());
    assertEquals("alpha", ba.hello().orElseThrow().deviceName());
    assertFalse(ab.dialledByUs());
    assertTrue(ba.dialledByUs());
    assertEquals(ab.remoteAddress(), ba.localAddress());
    ClusterConfig fromB = a.clusterConfigs.get(0);
    assertEquals(List.of(FolderId.of("music")), fromB.folders().stream().map(ClusterConfig.SharedFolder::folder).toList());
    assertEquals(FolderId.of("music"), b.clusterConfigs.get(0).folders().get(0).folder());

    PeerStatus status = a.node.status().peers().get(0);
    assertTrue(status.connected());
    assertEquals(b.id(), status.device());
    assertEquals(a.node.tlsProviderName(), status.tlsProvider());
    assertEquals(p == TlsProviderPreference.JDK ? "JDK" : OpenSsl.versionString(), status.tlsProvider());
    await("rates sampled and bytes counted", () -> a.node.status().peers().get(0).bytesIn() > 0);
    assertTrue(a.rejections.isEmpty() && b.rejections.isEmpty(), () -> a.rejections + " " + b.rejections);
  }

  @Test
  void aDeviceNameWhoseLastEmojiCrossesTheHelloLimitStillConnects() {
    String longName = "a".repeat(254) + "\uD83C\uDFB5";
    TestNode a = node("alpha");
    TestNode b = node("beta");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of())));
    ChorusConfig bBase = TestNode.config("beta", 0);
    ChorusConfig bConfig = new ChorusConfig(longName, bBase.listen(), bBase.api(), bBase.apiKey(), bBase.folders(),
        bBase.devices(), bBase.catalog()).withDevice(a.asDevice(true, List.of()));
    b.start(bConfig, TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("both connected", () -> a.connectedTo(b) && b.connectedTo(a));
    assertEquals("a".repeat(254), a.node.connection(b.id()).orElseThrow().hello().orElseThrow().deviceName());
  }

  @Test
  void anUnknownDeviceIsRejectedAndListedAsKnocking() {
    TestNode a = node("alpha");
    TestNode stranger = node("stranger");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    stranger.start(TestNode.config("stranger", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("a rejected the stranger", () -> a.rejections.stream().anyMatch(r -> r.reason() == RejectReason.UNKNOWN_DEVICE));
    assertEquals(stranger.id(), a.rejections.get(0).device());
    assertEquals("127.0.0.1", a.rejections.get(0).remote().getAddress().getHostAddress());
    await("the knock is listed", () -> !a.node.status().knocks().isEmpty());
    KnockLog.Knock knock = a.node.status().knocks().get(0);
    assertEquals(stranger.id(), knock.device());
    assertEquals("stranger", knock.name());
    assertFalse(a.connectedTo(stranger));
    assertFalse(stranger.connectedTo(a));

    // Once added, it is no longer a stranger, and its redial gets in.
    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(stranger.id(), "s", List.of(), List.of())));
    assertTrue(a.node.status().knocks().isEmpty());
    await("connected after being added", () -> a.connectedTo(stranger) && stranger.connectedTo(a));
  }

  @Test
  void anUnknownDeviceWithAValidInviteSecretIsAdmittedThroughThePairingGate() {
    TestNode inviter = node("inviter");
    TestNode joiner = node("joiner");
    TestNode intruder = node("intruder");
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    chorus.transport.peer.PairingGate gate = (device, name, secret, remote) -> {
      asked.add(name + ":" + secret);
      if (!secret.equals("open-sesame")) {
        return chorus.transport.peer.PairingOutcome.NOT_ADMITTED;
      }
      // Like the real registry: the device is in the config before the gate says yes.
      inviter.node.applyConfig(inviter.node.config().withDevice(new DeviceConfig(device, name, List.of(), List.of())));
      return chorus.transport.peer.PairingOutcome.ADMITTED;
    };
    inviter.start(TestNode.config("inviter", 0), TestNode.settings(TlsProviderPreference.AUTO),
        b -> b.chunkSource(NOTHING).pairing(gate, () -> { }));
    joiner.start(TestNode.config("joiner", 0).withDevice(inviter.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), b -> b.chunkSource(NOTHING));
    intruder.start(TestNode.config("intruder", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    // A wrong secret: refused, remembered as a knock.
    intruder.node.offerPairingSecret(inviter.id(), "guess");
    intruder.node.applyConfig(intruder.node.config().withDevice(inviter.asDevice(true, List.of())));
    await("the intruder was refused", () -> inviter.rejections.stream()
        .anyMatch(r -> r.reason() == RejectReason.UNKNOWN_DEVICE && r.device().equals(intruder.id())));
    assertTrue(asked.contains("intruder:guess"));
    assertEquals("intruder", inviter.node.status().knocks().stream()
        .filter(k -> k.device().equals(intruder.id())).findFirst().orElseThrow().name());

    joiner.node.offerPairingSecret(inviter.id(), "open-sesame");
    joiner.node.applyConfig(joiner.node.config()); // any trigger; the dial loop is already running
    await("the joiner got in", () -> inviter.connectedTo(joiner) && joiner.connectedTo(inviter));
    assertTrue(asked.contains("joiner:open-sesame"));
    assertTrue(inviter.node.config().device(joiner.id()).isPresent());
    assertFalse(inviter.connectedTo(intruder));
  }

  /**
   * A joiner whose invite the inviter refuses is told why in the Close (and nothing else: no Hello), stops
   * dialling, and dials again at once when it is offered a new secret.
   */
  @Test
  void aRefusedInviteIsNamedToTheJoinerWhichStopsDiallingUntilANewSecret() {
    TestNode inviter = node("inviter");
    TestNode joiner = node("joiner");
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    chorus.transport.peer.PairingGate gate = (device, name, secret, remote) -> {
      asked.add(secret);
      if (secret.equals("spent")) {
        return chorus.transport.peer.PairingOutcome.refused("this invite was already used");
      }
      inviter.node.applyConfig(inviter.node.config().withDevice(new DeviceConfig(device, name, List.of(), List.of())));
      return chorus.transport.peer.PairingOutcome.ADMITTED;
    };
    inviter.start(TestNode.config("inviter", 0), TestNode.settings(TlsProviderPreference.AUTO),
        b -> b.chunkSource(NOTHING).pairing(gate, () -> { }));
    joiner.start(TestNode.config("joiner", 0), TestNode.settings(TlsProviderPreference.AUTO), b -> b.chunkSource(NOTHING));
    joiner.node.offerPairingSecret(inviter.id(), "spent");
    joiner.node.applyConfig(joiner.node.config().withDevice(inviter.asDevice(true, List.of())));

    await("the joiner heard the refusal", () -> !joiner.inviteRefusals.isEmpty());
    assertEquals(List.of(inviter.id() + " spent this invite was already used"), joiner.inviteRefusals);
    assertTrue(inviter.rejections.stream().anyMatch(r -> r.reason() == RejectReason.INVITE_REFUSED
        && r.device().equals(joiner.id())));
    assertEquals("joiner", inviter.node.status().knocks().get(0).name(), "the inviter still lists it as a knock");
    assertTrue(joiner.clusterConfigs.isEmpty());
    assertEquals(List.of("spent"), asked);

    joiner.node.offerPairingSecret(inviter.id(), "fresh");
    await("the joiner got in with the new secret", () -> inviter.connectedTo(joiner) && joiner.connectedTo(inviter));
    assertEquals(List.of("spent", "fresh"), asked, "nothing was dialled in between with the spent secret");
    assertEquals(1, joiner.inviteRefusals.size());
  }

  @Test
  void aCertificateThatIsNotTheConfiguredDeviceIsRejected() {
    TestNode a = node("alpha");
    TestNode b = node("beta");
    b.start(TestNode.config("beta", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    DeviceId meant = TestIdentities.ec().deviceId();
    // A thinks the device at b's address is `meant`; b answers with its own certificate.
    a.start(TestNode.config("alpha", 0).withDevice(new DeviceConfig(meant, "meant", List.of(b.address()), List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("a rejected b's certificate", () -> a.rejections.stream().anyMatch(r -> r.reason() == RejectReason.UNEXPECTED_DEVICE));
    assertEquals(b.id(), a.rejections.stream().filter(r -> r.reason() == RejectReason.UNEXPECTED_DEVICE)
        .findFirst().orElseThrow().device());
    assertTrue(a.node.connections().isEmpty());
    assertTrue(b.node.connections().isEmpty());
  }

  @Test
  void ourOwnIdIsRejected() {
    TestNode a = node("alpha");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    a.node.applyConfig(a.node.config().withDevice(a.asDevice(true, List.of())));
    await("a rejected itself", () -> a.rejections.stream().anyMatch(r -> r.reason() == RejectReason.SELF));
    assertEquals(a.id(), a.rejections.get(0).device());
    assertTrue(a.node.connections().isEmpty());
  }

  @Test
  void aDeviceOutsideItsAllowedNetworksIsRejectedUntilTheyAllowIt() {
    TestNode a = node("alpha");
    TestNode b = node("beta");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of("10.8.0.0/24"))));
    b.start(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("rejected by network", () -> a.rejections.stream().anyMatch(r -> r.reason() == RejectReason.NETWORK_NOT_ALLOWED));
    assertEquals(b.id(), a.rejections.get(0).device());
    assertFalse(a.connectedTo(b));

    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of("127.0.0.0/8"))));
    await("connected once allowed", () -> a.connectedTo(b) && b.connectedTo(a));
  }

  @Test
  void simultaneousDialsEndInExactlyOneConnectionDialledByTheLowerId() {
    TestNode a = node("alpha");
    TestNode b = node("beta");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    b.start(TestNode.config("beta", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    // Both learn of each other at the same moment and dial at once.
    ChorusConfig aConfig = a.node.config().withDevice(b.asDevice(true, List.of()));
    ChorusConfig bConfig = b.node.config().withDevice(a.asDevice(true, List.of()));
    Thread ta = new Thread(() -> a.node.applyConfig(aConfig));
    Thread tb = new Thread(() -> b.node.applyConfig(bConfig));
    ta.start();
    tb.start();
    awaitOneSharedConnection(a, b);

    TestNode lower = a.id().compareTo(b.id()) < 0 ? a : b;
    TestNode higher = lower == a ? b : a;
    // Force the duplicate case both ways: extra dials from each side while connected.
    lower.node.dial(higher.id(), higher.address());
    higher.node.dial(lower.id(), lower.address());
    // The higher ID's dial always loses the tie-break, so a DUPLICATE rejection is certain.
    await("the higher ID's extra dial was rejected", () -> higher.rejections.stream()
        .anyMatch(r -> r.reason() == RejectReason.DUPLICATE)
        || lower.rejections.stream().anyMatch(r -> r.reason() == RejectReason.DUPLICATE));
    await("the connection in use is the one the lower ID dialled", () -> lower.node.connection(higher.id())
        .map(PeerConnection::dialledByUs).orElse(false)
        && higher.node.connection(lower.id()).map(c -> !c.dialledByUs()).orElse(false));
    awaitOneSharedConnection(a, b);
  }

  private static void awaitOneSharedConnection(TestNode a, TestNode b) {
    await("one connection, the same on both ends", () -> {
      var ab = a.node.connection(b.id());
      var ba = b.node.connection(a.id());
      return ab.isPresent() && ba.isPresent()
          && ab.get().localAddress().equals(ba.get().remoteAddress())
          && a.node.connections().size() == 1 && b.node.connections().size() == 1
          && ab.get().dialledByUs() != ba.get().dialledByUs();
    });
  }

  @Test
  void aRestartedNodeIsRedialledByItsPeer() {
    TestNode b = node("beta");
    b.start(TestNode.config("beta", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    TcpAddress bAddress = b.address();
    TestNode a = node("alpha");
    a.start(TestNode.config("alpha", 0).withDevice(b.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    b.node.applyConfig(b.node.config().withDevice(a.asDevice(false, List.of())));
    await("connected", () -> a.connectedTo(b) && b.connectedTo(a));

    b.node.close();
    await("a saw the disconnect", () -> !a.connectedTo(b));
    assertTrue(a.disconnects.stream().anyMatch(r -> r.contains("node shutting down")), a.disconnects::toString);

    // The same device comes back on the same port; it does not dial (no address for a): a redials.
    TestNode b2 = new TestNode("beta", b.identity);
    nodes.add(b2);
    b2.start(TestNode.config("beta", bAddress.port()).withDevice(a.asDevice(false, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    await("a redialled the restarted node", () -> a.connectedTo(b2) && b2.connectedTo(a));
    assertTrue(a.node.connection(b.id()).orElseThrow().dialledByUs());
  }

  @Test
  void removingADeviceClosesItsConnection() {
    TestNode a = node("alpha");
    TestNode b = node("beta");
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    ChorusConfig withB = a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of()));
    a.node.applyConfig(withB);
    b.start(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);
    await("connected", () -> a.connectedTo(b));

    a.node.applyConfig(withB.withDevices(List.of()));
    await("b heard why", () -> b.disconnects.stream().anyMatch(r -> r.contains("device removed from the config")));
    // The reason is written before the channel closes, so b may hear it before a has dropped the connection.
    await("a dropped the connection", () -> !a.connectedTo(b));
  }
}
