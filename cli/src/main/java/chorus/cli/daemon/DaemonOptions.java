package chorus.cli.daemon;

import chorus.transport.node.NetTransport;
import chorus.transport.tls.TlsProviderPreference;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code chorus run} runs the node beyond what the config says.
 *
 * @param tlsProvider auto, openssl (BoringSSL) or jdk; the system property {@code chorus.tls.provider} wins
 * @param transport auto, epoll or nio; the system property {@code chorus.transport} wins
 * @param configCheck how often the config file is checked for changes made while running
 */
public record DaemonOptions(TlsProviderPreference tlsProvider, NetTransport.Preference transport, Duration configCheck) {
  public DaemonOptions {
    Objects.requireNonNull(tlsProvider, "tlsProvider");
    Objects.requireNonNull(transport, "transport");
    if (configCheck == null || configCheck.isNegative() || configCheck.isZero()) {
      throw new IllegalArgumentException("the config check interval must be > 0, got " + configCheck);
    }
  }
}
