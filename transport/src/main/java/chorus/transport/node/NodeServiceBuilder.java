package chorus.transport.node;

import chorus.core.config.ChorusConfig;
import chorus.core.port.ChunkSource;
import chorus.transport.peer.PairingGate;
import chorus.transport.tls.DeviceIdentity;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** What a node service is made of; everything but identity and config has a default. */
public final class NodeServiceBuilder {
  final DeviceIdentity identity;
  final ChorusConfig config;
  NodeSettings settings = NodeSettings.defaults();
  ChunkSource chunkSource = (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND;
  IndexProgress indexProgress = IndexProgress.NONE;
  PairingGate pairingGate = PairingGate.NONE;
  Runnable afterPairing = () -> { };
  NodeListener listener = NodeListener.NONE;
  java.util.Set<chorus.core.id.DeviceId> refusedJoins = java.util.Set.of();
  Clock clock = Clock.systemUTC();
  LongSupplier nanoTime = System::nanoTime;
  RandomGenerator random = RandomGenerator.getDefault();

  NodeServiceBuilder(DeviceIdentity identity, ChorusConfig config) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.config = Objects.requireNonNull(config, "config");
  }

  public NodeServiceBuilder settings(NodeSettings s) {
    this.settings = Objects.requireNonNull(s);
    return this;
  }

  /** Where served chunks are read; by default nothing is found. */
  public NodeServiceBuilder chunkSource(ChunkSource s) {
    this.chunkSource = Objects.requireNonNull(s);
    return this;
  }

  public NodeServiceBuilder indexProgress(IndexProgress p) {
    this.indexProgress = Objects.requireNonNull(p);
    return this;
  }

  /**
   * The gate for unknown devices with an invite secret, and what to run after it admits one (e.g.
   * reload the config file the gate wrote, then {@link NodeService#applyConfig}).
   */
  public NodeServiceBuilder pairing(PairingGate gate, Runnable afterAdmission) {
    this.pairingGate = Objects.requireNonNull(gate);
    this.afterPairing = Objects.requireNonNull(afterAdmission);
    return this;
  }

  /**
   * Inviters that refused our invite secret in an earlier run: the node starts without dialling them, as
   * if {@link NodeService#joinRefused} had been called for each before its first dial.
   */
  public NodeServiceBuilder refusedJoins(java.util.Collection<chorus.core.id.DeviceId> inviters) {
    this.refusedJoins = java.util.Set.copyOf(inviters);
    return this;
  }

  public NodeServiceBuilder listener(NodeListener l) {
    this.listener = Objects.requireNonNull(l);
    return this;
  }

  /** Time for knock records and rate sampling, randomness for backoff jitter. */
  public NodeServiceBuilder time(Clock clock, LongSupplier nanoTime, RandomGenerator random) {
    this.clock = Objects.requireNonNull(clock);
    this.nanoTime = Objects.requireNonNull(nanoTime);
    this.random = Objects.requireNonNull(random);
    return this;
  }

  /** The service, not yet started. */
  public NodeService build() {
    return new NodeService(this);
  }
}
