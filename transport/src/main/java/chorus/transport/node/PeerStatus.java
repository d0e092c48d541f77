package chorus.transport.node;

import chorus.core.id.DeviceId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A configured device as the node sees it now, for {@code chorus status}.
 *
 * @param address the remote address of the connection in use, or null when not connected
 * @param tlsProvider that connection's TLS implementation, or null
 * @param bytesIn bytes received from the device since the node started (TLS records included)
 * @param bytesOut bytes sent to it since the node started
 * @param inRate recent receive rate, bytes per second
 * @param outRate recent send rate, bytes per second
 * @param clientVersion what its Hello said, or empty
 * @param badChunks chunks from it that failed verification since the node started
 */
public record PeerStatus(
    DeviceId device,
    String name,
    boolean connected,
    InetSocketAddress address,
    String tlsProvider,
    long bytesIn,
    long bytesOut,
    double inRate,
    double outRate,
    String clientVersion,
    long badChunks) {
  public PeerStatus {
    Objects.requireNonNull(device, "device");
    name = name == null ? "" : name;
    clientVersion = clientVersion == null ? "" : clientVersion;
  }
}
