package chorus.transport.api;

import chorus.core.config.TcpAddress;
import chorus.transport.pairing.InviteAddresses;
import chorus.transport.pairing.InviteToken;
import chorus.transport.pairing.Joiner;
import chorus.transport.pairing.PairingRegistry;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The invite and join endpoints over the pairing classes, for the daemon's {@link NodeControl} to
 * delegate to. Turns a validation failure into a 400 carrying its message; I/O failures stay 500s.
 */
public final class PairingApi {
  private final PairingRegistry registry;
  private final Joiner joiner;
  private final Supplier<TcpAddress> listenAddress;

  /**
   * @param listenAddress the address the node service is bound to (with its real port): the default
   *     addresses of an invite
   */
  public PairingApi(PairingRegistry registry, Joiner joiner, Supplier<TcpAddress> listenAddress) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.joiner = Objects.requireNonNull(joiner, "joiner");
    this.listenAddress = Objects.requireNonNull(listenAddress, "listenAddress");
  }

  public InviteResponse invite(InviteRequest request) throws ApiException, IOException {
    try {
      List<TcpAddress> addresses = request.addresses().isEmpty()
          ? InviteAddresses.forListen(listenAddress.get())
          : request.addresses();
      InviteToken token = registry.issue(request.folder(), request.ttl(), addresses);
      return new InviteResponse(token.encode(), token.expiresAt(), token.device(), token.addresses(), token.folder());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), e);
    }
  }

  /** Joins; the caller should then reload its config so that the node dials the inviter. */
  public JoinResponse join(JoinRequest request) throws ApiException, IOException {
    try {
      Path path = request.path() == null ? null : Path.of(request.path());
      Joiner.Joined joined = joiner.join(request.token(), path);
      return new JoinResponse(joined.device(), joined.name(), joined.addresses(), joined.folder(),
          joined.folderPath() == null ? null : joined.folderPath().toString(), joined.expiresAt());
    } catch (InvalidPathException e) {
      throw new ApiException(400, "path \"" + request.path() + "\" is not a valid path: " + e.getReason(), e);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), e);
    }
  }
}
