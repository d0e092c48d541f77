package chorus.transport.testing;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Message;
import chorus.transport.node.NodeListener;
import chorus.transport.node.NodeService;
import chorus.transport.node.NodeServiceBuilder;
import chorus.transport.node.NodeSettings;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.Rejection;
import chorus.transport.tls.TlsProviderPreference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** A node service on 127.0.0.1 with an OS-chosen port, recording what its listener hears. */
public final class TestNode implements NodeListener, AutoCloseable {
  public static final String API_KEY = "0123456789abcdef0123";

  public final String name;
  public final DeviceIdentity identity;
  public final List<Rejection> rejections = new CopyOnWriteArrayList<>();
  public final List<ClusterConfig> clusterConfigs = new CopyOnWriteArrayList<>();
  public final List<String> disconnects = new CopyOnWriteArrayList<>();
  /** {@code inviter secret reason} of each refused join. */
  public final List<String> inviteRefusals = new CopyOnWriteArrayList<>();
  public final List<Message> received = new CopyOnWriteArrayList<>();
  public final List<ChunkIntegrityException> badChunks = new CopyOnWriteArrayList<>();
  public NodeService node;

  public TestNode(String name, DeviceIdentity identity) {
    this.name = name;
    this.identity = identity;
  }

  public TestNode(String name) {
    this(name, TestIdentities.ec());
  }

  public DeviceId id() {
    return identity.deviceId();
  }

  /** Settings for tests: the given provider, NIO or epoll as available, short redial delays. */
  public static NodeSettings settings(TlsProviderPreference tls) {
    return NodeSettings.defaults()
        .withTls(tls)
        .withThreads(2, 2, 2)
        .withRedial(Duration.ofMillis(50), Duration.ofMillis(500))
        .withRateInterval(Duration.ofMillis(200));
  }

  public static ChorusConfig config(String name, int port) {
    return new ChorusConfig(name, new TcpAddress("127.0.0.1", port), new TcpAddress("127.0.0.1", 0), API_KEY,
        List.of(), List.of(), null);
  }

  public TestNode start(ChorusConfig config, NodeSettings settings, ChunkSource source) {
    return start(config, settings, b -> b.chunkSource(source));
  }

  public TestNode start(ChorusConfig config, NodeSettings settings, UnaryOperator<NodeServiceBuilder> extra) {
    node = extra.apply(NodeService.builder(identity, config).settings(settings).listener(this)).build().start();
    return this;
  }

  public TcpAddress address() {
    return new TcpAddress("127.0.0.1", node.listenAddress().getPort());
  }

  /** A device entry for this node, dialable at its listen address or not. */
  public DeviceConfig asDevice(boolean withAddress, List<String> allowedNetworks) {
    return new DeviceConfig(id(), name, withAddress ? List.of(address()) : List.of(), allowedNetworks);
  }

  /** {@code config} sharing folder {@code folder} with {@code peers}. */
  public static ChorusConfig sharing(ChorusConfig config, String folder, DeviceId... peers) {
    List<FolderConfig> folders = new ArrayList<>(config.folders());
    folders.add(new FolderConfig(chorus.core.id.FolderId.of(folder), "/tmp/" + folder, null, List.of(peers)));
    return config.withFolders(folders);
  }

  public boolean connectedTo(TestNode other) {
    return node.connection(other.id()).isPresent();
  }

  /** Polls until {@code condition} holds; fails after 20 s (a hang, not a slow machine). */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void connected(PeerConnection connection, ClusterConfig theirs) {
    clusterConfigs.add(theirs);
  }

  @Override
  public void disconnected(DeviceId device, String reason) {
    disconnects.add(reason);
  }

  @Override
  public void received(PeerConnection connection, Message message) {
    received.add(message);
  }

  @Override
  public void inviteRefused(DeviceId inviter, String secret, String reason) {
    inviteRefusals.add(inviter + " " + secret + " " + reason);
  }

  @Override
  public void rejected(Rejection rejection) {
    rejections.add(rejection);
  }

  @Override
  public void badChunk(PeerConnection connection, ChunkIntegrityException e) {
    badChunks.add(e);
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
  }
}
