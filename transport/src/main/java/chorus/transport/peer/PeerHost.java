package chorus.transport.peer;

import chorus.core.config.ChorusConfig;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkSource;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import chorus.transport.tls.PeerVerifier;
import chorus.transport.tls.Rejection;
import chorus.transport.tls.TrustDecision;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What a connection needs from the node that owns it. The node service implements it; connections call
 * it on their event loop, so every method returns quickly and never blocks.
 */
public interface PeerHost {
  PeerVerifier verifier();

  /** The config in force now. */
  ChorusConfig config();

  PeerSettings settings();

  /** Our Hello to {@code peer}, carrying an invite secret if we are joining it. */
  Hello helloFor(DeviceId peer);

  /** The folders we share with {@code peer}, and how far our indexes go. */
  ClusterConfig clusterConfigFor(DeviceId peer);

  /**
   * Asks the pairing gate, off the event loop, whether the invite secret in {@code hello} admits an
   * unknown device, and judges the device against the config as it is afterwards.
   */
  CompletableFuture<TrustDecision> admitByInvite(DeviceId device, Hello hello, InetSocketAddress remote);

  /**
   * Makes {@code connection} the connection to its device, unless the tie-break keeps an existing one.
   *
   * @return the rejection if the connection must go
   */
  Optional<Rejection> register(PeerConnection connection);

  /** Hello and ClusterConfig went both ways: the connection is usable. */
  void ready(PeerConnection connection, ClusterConfig theirs);

  /** Logs a rejection (once) and remembers unknown devices that knocked; {@code deviceName} may be empty. */
  void rejected(Rejection rejection, String deviceName);

  /** The connection closed; {@code reason} says who closed it and why. */
  void closed(PeerConnection connection, String reason);

  /** A message after the handshake that is not about chunks: ClusterConfig updates, IndexUpdate. */
  void received(PeerConnection connection, Message message);

  /** The peer sent bytes that are not the chunk it was asked for. */
  void badChunk(PeerConnection connection, ChunkIntegrityException e);

  ChunkSource chunkSource();

  /** Where chunk reads run: bounded, never an event loop. */
  Executor diskExecutor();

  /** Where received chunks are hashed: bounded, never an event loop. */
  Executor verifyExecutor();
}
