package chorus.core.protocol;

import java.util.Objects;

/**
 * The first message each side sends after the TLS handshake.
 *
 * @param pairingSecret empty, or the one-time secret of an invite: lets a device that the receiver does
 *     not know yet be accepted and added (see {@code chorus join})
 */
public record Hello(
    String deviceName, String clientName, String clientVersion, int protocolVersion, String pairingSecret)
    implements Message {
  public static final int PROTOCOL_VERSION = 3;

  public Hello {
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(clientName, "clientName");
    Objects.requireNonNull(clientVersion, "clientVersion");
    pairingSecret = pairingSecret == null ? "" : pairingSecret;
    if (protocolVersion <= 0) {
      throw new IllegalArgumentException("protocol version must be > 0, got " + protocolVersion);
    }
  }
}
