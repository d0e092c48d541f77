package chorus.transport.tls;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A connection turned away: by whom (null when the peer never presented a usable certificate), from
 * where, and why.
 */
public record Rejection(DeviceId device, InetSocketAddress remote, RejectReason reason, String detail) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /** One log line's worth: {@code device ID at address: reason (detail)}. */
  public String describe() {
    return (device == null ? "unidentified peer" : "device " + device)
        + " at " + (remote == null ? "?" : chorus.core.config.TcpAddress.of(remote).hostPort())
        + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
