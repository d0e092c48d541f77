package chorus.transport.api;

import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code POST /rest/invite}.
 *
 * @param token the one line to give to {@code chorus join} on the other host
 * @param device this device, as the token names it
 * @param addresses the addresses in the token
 * @param folder the shared folder, or null
 */
public record InviteResponse(
    String token, Instant expiresAt, DeviceId device, List<TcpAddress> addresses, FolderId folder) {
  public InviteResponse {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }
}
