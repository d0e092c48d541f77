package chorus.transport.node;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The node service at a glance: who we are, where we listen, the TLS and socket layers in use, every
 * configured peer, and the unknown devices that knocked.
 */
public record NodeStatus(
    DeviceId device,
    String name,
    InetSocketAddress listening,
    String tlsProvider,
    String transport,
    List<PeerStatus> peers,
    List<KnockLog.Knock> knocks,
    long badChunks) {
  public NodeStatus {
    Objects.requireNonNull(device, "device");
    peers = List.copyOf(peers);
    knocks = List.copyOf(knocks);
  }
}
