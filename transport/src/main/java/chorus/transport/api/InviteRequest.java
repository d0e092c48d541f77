package chorus.transport.api;

import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import java.time.Duration;
import java.util.List;

/**
 * The body of {@code POST /rest/invite}; every field is optional.
 *
 * @param folder a folder to share with the device that joins, or null
 * @param ttlSeconds how long the invite stays valid, or null for the default (15 minutes)
 * @param addresses where the joiner should dial this device, or empty for the listen address (its
 *     interface addresses when it listens on a wildcard)
 */
public record InviteRequest(FolderId folder, Long ttlSeconds, List<TcpAddress> addresses) {
  public InviteRequest {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    if (ttlSeconds != null && ttlSeconds <= 0) {
      throw new IllegalArgumentException("ttlSeconds must be positive, got " + ttlSeconds);
    }
  }

  public static InviteRequest defaults() {
    return new InviteRequest(null, null, List.of());
  }

  /** The requested validity, or null for the default. */
  public Duration ttl() {
    return ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds);
  }
}
