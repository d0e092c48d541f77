package chorus.core.config;

import chorus.core.id.DeviceId;
import java.util.List;
import java.util.Objects;

/**
 * A peer this device trusts.
 *
 * @param addresses where to dial it; empty means "wait for it to dial us"
 * @param allowedNetworks CIDRs (e.g. {@code 10.8.0.0/24}) its connections must come from; empty means any
 */
public record DeviceConfig(DeviceId id, String name, List<TcpAddress> addresses, List<String> allowedNetworks) {
  public DeviceConfig {
    Objects.requireNonNull(id, "device id");
    name = name == null ? "" : name;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
  }
}
