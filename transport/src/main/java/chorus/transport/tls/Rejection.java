package chorus.transport.tls;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection turned away: by whom (null when the peer never presented a usable certificate), from
 * where, and why.
 */
public record Rejection(DeviceId device, InetSocketAddress remote, RejectReason reason, String detail) {
  /**
   * How the {@code Close} of an {@link RejectReason#INVITE_REFUSED} begins. The joiner recognises a refused
   * invite by it, so it is part of the protocol: change it and joiners no longer stop redialling.
   */
  public static final String INVITE_REFUSED_PREFIX = "invite refused: ";

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /**
   * What the peer is told in our {@code Close}: {@code REASON: detail}, except for a refused invite,
   * which reads {@code invite refused: detail} for the joiner to recognise ({@link #inviteRefusal}).
   */
  public String closeReason() {
    if (reason == RejectReason.INVITE_REFUSED) {
      return INVITE_REFUSED_PREFIX + detail;
    }
    return reason + (detail.isEmpty() ? "" : ": " + detail);
  }

  /** The inviter's reason if {@code peerCloseReason} (a peer's {@code Close}) says it refused our invite. */
  public static Optional<String> inviteRefusal(String peerCloseReason) {
    if (peerCloseReason == null || !peerCloseReason.startsWith(INVITE_REFUSED_PREFIX)) {
      return Optional.empty();
    }
    String why = peerCloseReason.substring(INVITE_REFUSED_PREFIX.length()).strip();
    return Optional.of(why.isEmpty() ? "no reason given" : why);
  }

  /** One log line's worth: {@code device ID at address: reason (detail)}. */
  public String describe() {
    return (device == null ? "unidentified peer" : "device " + device)
        + " at " + (remote == null ? "?" : chorus.core.config.TcpAddress.of(remote).hostPort())
        + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
