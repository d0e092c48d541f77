package chorus.transport.tls;

import chorus.core.config.ChorusConfig;
import chorus.core.config.Cidr;
import chorus.core.config.DeviceConfig;
import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides whether a peer is trusted. Chorus has no CA: a peer is the SHA-256 of its
 * certificate, and it is accepted when that ID is a configured device (or an unknown one that an invite
 * admits after Hello), not ourselves, the device we meant to dial, connecting from one of its allowed
 * networks, over ALPN {@value TlsContexts#ALPN}. The tie-break between two connections to the same
 * device lives here too, so both ends keep the same one.
 *
 * <p>Pure and thread-safe: it looks only at its arguments.
 */
public final class PeerVerifier {
  private final DeviceId self;

  public PeerVerifier(DeviceId self) {
    this.self = Objects.requireNonNull(self, "self");
  }

  public DeviceId self() {
    return self;
  }

  /**
   * Judges a finished TLS handshake.
   *
   * @param certificates the peer's certificates as the TLS session reports them
   * @param alpn the negotiated application protocol, or null if none
   * @param remote where the connection comes from
   * @param expected the device we dialled, or null for a connection we accepted
   * @param config the config in force now
   */
  public TrustDecision verify(
      Certificate[] certificates, String alpn, InetSocketAddress remote, DeviceId expected, ChorusConfig config) {
    if (certificates == null || certificates.length == 0) {
      return reject(null, remote, RejectReason.TLS_FAILED, "no certificate");
    }
    DeviceId device;
    try {
      device = DeviceId.fromCertificate(certificates[0].getEncoded());
    } catch (CertificateEncodingException e) {
      return reject(null, remote, RejectReason.TLS_FAILED, "certificate cannot be encoded: " + e.getMessage());
    }
    if (certificates.length != 1) {
      return reject(device, remote, RejectReason.CERTIFICATE_CHAIN,
          certificates.length + " certificates presented, a device presents exactly one");
    }
    if (!TlsContexts.ALPN.equals(alpn)) {
      return reject(device, remote, RejectReason.NO_ALPN,
          alpn == null || alpn.isEmpty() ? "no application protocol negotiated" : "negotiated \"" + alpn + "\"");
    }
    if (device.equals(self)) {
      return reject(device, remote, RejectReason.SELF, "the peer presented our own certificate");
    }
    if (expected != null && !expected.equals(device)) {
      return reject(device, remote, RejectReason.UNEXPECTED_DEVICE, "dialled " + expected);
    }
    Optional<DeviceConfig> known = config.device(device);
    if (known.isEmpty()) {
      return new TrustDecision.Unknown(device);
    }
    return checkNetwork(known.get(), remote);
  }

  /**
   * Judges a device that was unknown at the TLS handshake, against the config as it is after its Hello
   * (the pairing gate may have added it).
   */
  public TrustDecision verifyAfterPairing(DeviceId device, InetSocketAddress remote, ChorusConfig config) {
    Optional<DeviceConfig> known = config.device(device);
    if (known.isEmpty()) {
      return reject(device, remote, RejectReason.UNKNOWN_DEVICE, "not in the config");
    }
    return checkNetwork(known.get(), remote);
  }

  /**
   * The tie-break for two connections to one device, e.g. when both dialled at once: keep the one
   * dialled by the device with the lower ID. Both ends compute the same answer, so they close the same
   * connection. When both were dialled by the same side, the established one stays.
   *
   * @return true to keep the existing connection and drop the candidate, false to replace it
   */
  public boolean keepExisting(DeviceId peer, boolean existingDialledByUs, boolean candidateDialledByUs) {
    if (existingDialledByUs == candidateDialledByUs) {
      return true;
    }
    boolean weAreLower = self.compareTo(peer) < 0;
    return existingDialledByUs == weAreLower;
  }

  private TrustDecision checkNetwork(DeviceConfig device, InetSocketAddress remote) {
    if (device.allowedNetworks().isEmpty()) {
      return new TrustDecision.Accepted(device.id(), device);
    }
    if (remote == null || remote.getAddress() == null) {
      return reject(device.id(), remote, RejectReason.NETWORK_NOT_ALLOWED, "remote address unknown");
    }
    for (String network : device.allowedNetworks()) {
      Cidr cidr;
      try {
        cidr = Cidr.parse(network);
      } catch (IllegalArgumentException e) {
        // The config store validates these; should one slip through, it allows nothing.
        continue;
      }
      if (cidr.contains(remote.getAddress())) {
        return new TrustDecision.Accepted(device.id(), device);
      }
    }
    return reject(device.id(), remote, RejectReason.NETWORK_NOT_ALLOWED,
        "allowed networks are " + String.join(", ", device.allowedNetworks()));
  }

  private static TrustDecision reject(DeviceId device, InetSocketAddress remote, RejectReason reason, String detail) {
    return new TrustDecision.Rejected(new Rejection(device, remote, reason, detail));
  }
}
