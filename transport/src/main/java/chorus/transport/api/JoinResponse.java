package chorus.transport.api;

import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What joining did.
 *
 * @param device the inviter, now in this device's config
 * @param name the inviter's name from the token
 * @param addresses where this device will dial it
 * @param folder the folder the invite offers, or null
 * @param folderPath where that folder now lives on this device, or null if it was not added (no path)
 * @param expiresAt the node must connect before this, or the inviter will refuse the secret
 */
public record JoinResponse(
    DeviceId device, String name, List<TcpAddress> addresses, FolderId folder, String folderPath,
    Instant expiresAt) {
  public JoinResponse {
    Objects.requireNonNull(device, "device");
    name = name == null ? "" : name;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }
}
