package chorus.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.testing.TestIdentities;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerVerifierTest {
  private final DeviceIdentity us = TestIdentities.ec();
  private final DeviceIdentity peer = TestIdentities.ec();
  private final PeerVerifier verifier = new PeerVerifier(us.deviceId());
  private final InetSocketAddress vpn = new InetSocketAddress("10.8.0.7", 51000);

  @Test
  void acceptsAConfiguredDevice() {
    TrustDecision d = verifier.verify(certs(peer), TlsContexts.ALPN, vpn, null, config(device(List.of())));
    assertEquals(peer.deviceId(), assertInstanceOf(TrustDecision.Accepted.class, d).device());
  }

  @Test
  void anUnconfiguredDeviceIsUnknownUntilItsHello() {
    TrustDecision d = verifier.verify(certs(peer), TlsContexts.ALPN, vpn, null, config());
    assertEquals(peer.deviceId(), assertInstanceOf(TrustDecision.Unknown.class, d).device());
    Rejection r = rejection(verifier.verifyAfterPairing(peer.deviceId(), vpn, config()));
    assertEquals(RejectReason.UNKNOWN_DEVICE, r.reason());
  }

  @Test
  void rejectsOurOwnCertificate() {
    Rejection r = rejection(verifier.verify(certs(us), TlsContexts.ALPN, vpn, null, config(device(List.of()))));
    assertEquals(RejectReason.SELF, r.reason());
    assertEquals(us.deviceId(), r.device());
  }

  @Test
  void rejectsADialledPeerThatIsSomeoneElse() {
    DeviceId meant = TestIdentities.ec().deviceId();
    Rejection r = rejection(verifier.verify(certs(peer), TlsContexts.ALPN, vpn, meant, config(device(List.of()))));
    assertEquals(RejectReason.UNEXPECTED_DEVICE, r.reason());
    assertEquals(peer.deviceId(), r.device());
    assertTrue(r.detail().contains(meant.toString()));
  }

  @Test
  void rejectsChainsAndMissingAlpn() {
    Certificate[] two = {peer.certificate(), us.certificate()};
    assertEquals(RejectReason.CERTIFICATE_CHAIN,
        rejection(verifier.verify(two, TlsContexts.ALPN, vpn, null, config(device(List.of())))).reason());
    assertEquals(RejectReason.NO_ALPN,
        rejection(verifier.verify(certs(peer), null, vpn, null, config(device(List.of())))).reason());
    assertEquals(RejectReason.NO_ALPN,
        rejection(verifier.verify(certs(peer), "h2", vpn, null, config(device(List.of())))).reason());
    assertEquals(RejectReason.TLS_FAILED,
        rejection(verifier.verify(new Certificate[0], TlsContexts.ALPN, vpn, null, config())).reason());
  }

  @Test
  void allowedNetworksAreEnforced() {
    ChorusConfig restricted = config(device(List.of("10.8.0.0/24", "fd00::/64")));
    assertInstanceOf(TrustDecision.Accepted.class, verifier.verify(certs(peer), TlsContexts.ALPN, vpn, null, restricted));
    InetSocketAddress outside = new InetSocketAddress("10.9.0.7", 51000);
    Rejection r = rejection(verifier.verify(certs(peer), TlsContexts.ALPN, outside, null, restricted));
    assertEquals(RejectReason.NETWORK_NOT_ALLOWED, r.reason());
    assertEquals(outside, r.remote());
    assertInstanceOf(TrustDecision.Accepted.class, verifier.verify(
        certs(peer), TlsContexts.ALPN, new InetSocketAddress("fd00::5", 1), null, restricted));
    // A malformed entry allows nothing rather than everything.
    assertInstanceOf(TrustDecision.Rejected.class, verifier.verify(
        certs(peer), TlsContexts.ALPN, vpn, null, config(device(List.of("10.8.0.x/24")))));
  }

  @Test
  void theTieBreakKeepsTheConnectionDialledByTheLowerIdOnBothEnds() {
    PeerVerifier onPeer = new PeerVerifier(peer.deviceId());
    boolean weAreLower = us.deviceId().compareTo(peer.deviceId()) < 0;
    // We hold the one we dialled; the peer's dial arrives. On the peer's side it is the mirror image.
    boolean weKeepOurs = verifier.keepExisting(peer.deviceId(), true, false);
    boolean peerKeepsOurs = !onPeer.keepExisting(us.deviceId(), true, false);
    assertEquals(weAreLower, weKeepOurs);
    assertEquals(weKeepOurs, peerKeepsOurs, "both ends must keep the same connection");
    // Same dialler twice: the established one stays.
    assertTrue(verifier.keepExisting(peer.deviceId(), true, true));
    assertTrue(verifier.keepExisting(peer.deviceId(), false, false));
    assertFalse(verifier.keepExisting(peer.deviceId(), !weAreLower, weAreLower));
  }

  private static Rejection rejection(TrustDecision d) {
    return assertInstanceOf(TrustDecision.Rejected.class, d).rejection();
  }

  private static Certificate[] certs(DeviceIdentity identity) {
    return new Certificate[] {identity.certificate()};
  }

  private DeviceConfig device(List<String> networks) {
    return new DeviceConfig(peer.deviceId(), "peer", List.of(), networks);
  }

  private static ChorusConfig config(DeviceConfig... devices) {
    return new ChorusConfig("us", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "0123456789abcdef", List.of(), List.of(devices), null);
  }
}
