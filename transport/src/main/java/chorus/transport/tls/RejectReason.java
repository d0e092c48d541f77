package chorus.transport.tls;

/** Why a connection was turned away; each has one line in the log and, for some, a place in status. */
public enum RejectReason {
  /** The TLS handshake itself failed (no client certificate, no shared protocol version, garbage). */
  TLS_FAILED,
  /** The peer presented a chain of several certificates; a device certificate stands alone. */
  CERTIFICATE_CHAIN,
  /** The peer did not negotiate ALPN {@value TlsContexts#ALPN}. */
  NO_ALPN,
  /** The peer presented our own certificate. */
  SELF,
  /** We dialled one device and another answered. */
  UNEXPECTED_DEVICE,
  /** The device is not in the config and presented no valid invite secret. */
  UNKNOWN_DEVICE,
  /**
   * The device is not in the config and presented the secret of an invite that can admit nobody any more
   * (used, expired, unknown here). Unlike a plain unknown device, it is told why: it claimed to hold
   * our invite, and without the reason it would redial forever.
   */
  INVITE_REFUSED,
  /** The device may only connect from its allowed networks, and this address is outside them. */
  NETWORK_NOT_ALLOWED,
  /** There is already a connection to this device, and the tie-break keeps that one. */
  DUPLICATE,
  /** Hello and ClusterConfig did not arrive within the deadline. */
  HANDSHAKE_TIMEOUT,
  /** The peer broke the message order or sent something we cannot use during the handshake. */
  PROTOCOL_ERROR
}
