package chorus.cli.api;

import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.api.PairingApi;
import chorus.transport.pairing.ConfigEditor;
import chorus.transport.pairing.Joiner;
import chorus.transport.pairing.PairingRegistry;
import chorus.transport.pairing.PendingJoins;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The pairing pieces of one device home, wired together for the daemon: the registry is the node's
 * {@link chorus.transport.peer.PairingGate}, the pending joins give the secret to send in Hello, and
 * {@link #api} answers the invite and join endpoints.
 */
public record PairingKit(ConfigEditor config, PairingRegistry registry, PendingJoins pendingJoins, Joiner joiner) {

  public static PairingKit forHome(DeviceHome home, DeviceId self, Clock clock, SecureRandom random) {
    ConfigEditor editor = new ConfigStoreEditor(new ConfigStore(home.configFile()));
    PendingJoins pending = PendingJoins.inHome(home.dir(), clock);
    return new PairingKit(editor, PairingRegistry.inHome(home.dir(), self, editor, clock, random), pending,
        new Joiner(self, editor, pending, clock));
  }

  /** @param listenAddress the node's bound listen address, for the default addresses of an invite */
  public PairingApi api(Supplier<TcpAddress> listenAddress) {
    return new PairingApi(registry, joiner, listenAddress);
  }
}
