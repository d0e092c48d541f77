package chorus.transport.tls;

import chorus.core.config.DeviceConfig;
import chorus.core.id.DeviceId;
import java.util.Objects;

/** What {@link PeerVerifier} concluded about a peer after the TLS handshake. */
public sealed interface TrustDecision {
  /** A configured device, from an allowed address. */
  record Accepted(DeviceId device, DeviceConfig config) implements TrustDecision {
    public Accepted {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(config, "config");
    }
  }

  /**
   * A device not in the config, otherwise sound: it may still be admitted by the invite secret in its
   * Hello; if it shows none, it is rejected and remembered as having knocked.
   */
  record Unknown(DeviceId device) implements TrustDecision {
    public Unknown {
      Objects.requireNonNull(device, "device");
    }
  }

  /** Turned away. */
  record Rejected(Rejection rejection) implements TrustDecision {
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
