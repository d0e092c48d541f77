package chorus.cli.config;

import chorus.core.config.IpLiteral;
import chorus.core.config.TcpAddress;

/** The rule for the local API address, shared by {@code init --api} and the config validator. */
public final class ApiAddresses {
  private ApiAddresses() {}

  /** Null if {@code api} is a loopback IP address with a port, else what is wrong with it. */
  public static String problem(TcpAddress api) {
    boolean loopback;
    try {
      loopback = IpLiteral.parse(api.host()).isLoopbackAddress();
    } catch (IllegalArgumentException e) {
      loopback = false;
    }
    if (!loopback) {
      return "must be on a loopback IP address such as 127.0.0.1:" + api.port()
          + " or [::1]:" + api.port() + ", so that no other host can reach the API";
    }
    if (api.port() == 0) {
      return "needs a port (1-65535)";
    }
    return null;
  }
}
