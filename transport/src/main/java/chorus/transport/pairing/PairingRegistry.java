package chorus.transport.pairing;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.peer.PairingGate;
import chorus.transport.peer.PairingOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invites this device has issued, and the gate that admits an unknown device presenting one's
 * secret. Each invite is single-use and expires; only the secret's SHA-256 is kept, in memory and in
 * {@value InviteBook#FILE_NAME} in the device home, so a daemon restart does not void outstanding
 * invites and the file gives an attacker nothing to present.
 *
 * <p>An admitted device is added to the config through the {@link ConfigEditor} before {@link #admit}
 * returns, with the invite's folder shared with it. Its dial address is the IP it connected from with
 * the default chorus port ({@value ChorusConfig#DEFAULT_LISTEN_PORT}): the port it connected from is an
 * ephemeral one, on a VPN the IP is stable, and if the guess is wrong the joiner (which has our address)
 * still dials us. A loopback connection gets no address (the joiner is on this host, its port unknown).
 *
 * <p>Thread-safe: all state is guarded by {@code this}; {@link #admit} is called off the event loop.
 */
public final class PairingRegistry implements PairingGate {
  private static final Logger log = LoggerFactory.getLogger(PairingRegistry.class);
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  public static final Duration MIN_TTL = Duration.ofMinutes(1);
  public static final Duration MAX_TTL = InviteToken.MAX_TTL;
  /** Bounds memory and the file; a user never needs more at once. */
  public static final int MAX_OUTSTANDING = 64;

  private final DeviceId self;
  private final ConfigEditor config;
  private final Clock clock;
  private final SecureRandom random;
  private final InviteBook book;
  private final List<InviteBook.Invite> invites;

  /**
   * Loads the outstanding invites from {@code file}. A damaged file is logged and ignored (its invites
   * are void; the user can issue new ones) so that it cannot keep the daemon from starting.
   */
  public PairingRegistry(Path file, DeviceId self, ConfigEditor config, Clock clock, SecureRandom random) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.book = new InviteBook(file);
    List<InviteBook.Invite> loaded;
    try {
      loaded = book.load();
    } catch (IOException e) {
      log.warn("ignoring outstanding invites: {}", e.getMessage());
      loaded = List.of();
    }
    this.invites = new ArrayList<>(loaded);
    this.invites.removeIf(i -> !i.expiresAt().isAfter(clock.instant()));
  }

  /** The registry of the device whose home is {@code homeDir}. */
  public static PairingRegistry inHome(
      Path homeDir, DeviceId self, ConfigEditor config, Clock clock, SecureRandom random) {
    return new PairingRegistry(homeDir.resolve(InviteBook.FILE_NAME), self, config, clock, random);
  }

  /**
   * Issues an invite.
   *
   * @param folder a configured folder to share with the joiner, or null
   * @param ttl validity, 1 minute to 7 days; null for {@link #DEFAULT_TTL}
   * @param addresses where the joiner should dial us (see {@link InviteAddresses})
   * @throws IllegalArgumentException for a bad folder, ttl or address, or too many outstanding invites
   * @throws IOException if the config cannot be read or the invite cannot be persisted
   */
  public synchronized InviteToken issue(FolderId folder, Duration ttl, List<TcpAddress> addresses) throws IOException {
    Duration validity = ttl == null ? DEFAULT_TTL : ttl;
    if (validity.compareTo(MIN_TTL) < 0 || validity.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("an invite is valid for 1 minute to 7 days, not " + describe(validity));
    }
    ChorusConfig current = config.current();
    if (folder != null && current.folder(folder).isEmpty()) {
      throw new IllegalArgumentException("folder \"" + folder + "\" is not configured on this device"
          + " ('chorus status' lists the folders)");
    }
    Instant now = clock.instant();
    prune(now);
    long outstanding = invites.stream().filter(i -> i.usedBy() == null).count();
    if (outstanding >= MAX_OUTSTANDING) {
      throw new IllegalArgumentException(outstanding + " invites are outstanding, the most allowed;"
          + " let some expire first");
    }
    PairingSecret secret = PairingSecret.random(random);
    Instant expiresAt = Instant.ofEpochSecond(now.plus(validity).getEpochSecond());
    InviteToken token = new InviteToken(self, current.deviceName(), addresses, folder, secret, expiresAt);
    invites.add(new InviteBook.Invite(secret.sha256(), folder, now, expiresAt, null, null));
    try {
      book.save(invites);
    } catch (IOException e) {
      invites.remove(invites.size() - 1);
      throw e;
    }
    log.info("issued an invite{} valid until {}", folder == null ? "" : " for folder " + folder, expiresAt);
    return token;
  }

  /** The invites issued and neither used nor expired. */
  public synchronized int outstanding() {
    Instant now = clock.instant();
    return (int) invites.stream().filter(i -> i.usedBy() == null && i.expiresAt().isAfter(now)).count();
  }

  /**
   * Admits {@code device} if {@code secretText} is the secret of a valid, unexpired, unused invite, after
   * adding the device to the config and sharing the invite's folder with it. An empty secret is not
   * admitted, silently (the node reports the unknown device); every other refusal is logged once, with
   * the device, the remote address and the reason, and carries a shorter reason for the joiner that
   * names no other device.
   */
  @Override
  public synchronized PairingOutcome admit(
      DeviceId device, String deviceName, String secretText, InetSocketAddress remote) {
    if (secretText == null || secretText.isEmpty()) {
      return PairingOutcome.NOT_ADMITTED;
    }
    // The name comes from the peer's Hello: keep control characters out of the config and the log.
    String name = InviteToken.cleanName(deviceName);
    PairingSecret secret;
    try {
      secret = PairingSecret.parse(secretText);
    } catch (IllegalArgumentException e) {
      return refuse(device, remote, "malformed pairing secret (" + e.getMessage() + ")",
          "the invite secret is malformed");
    }
    if (device.equals(self)) {
      return refuse(device, remote, "it presents this device's own ID", "a device cannot join itself");
    }
    InviteBook.Invite match = find(secret.sha256());
    Instant now = clock.instant();
    if (match == null) {
      return refuse(device, remote, "no invite has this secret (never issued here, or expired long ago)",
          "this device has no such invite (it expired, or was never issued here)");
    }
    if (match.usedBy() != null) {
      // Who used it stays here: the joiner may be anyone holding a copy of the token.
      return refuse(device, remote, "the invite was already used by device " + match.usedBy() + " at " + match.usedAt(),
          "this invite was already used");
    }
    if (!match.expiresAt().isAfter(now)) {
      return refuse(device, remote, "the invite expired at " + match.expiresAt(), "this invite expired at "
          + match.expiresAt());
    }
    int index = invites.indexOf(match);
    invites.set(index, match.usedBy(device, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    try {
      book.save(invites);
      config.update(c -> withJoiner(c, device, name, remote, match.folder()));
    } catch (IOException | RuntimeException e) {
      invites.set(index, match);
      try {
        book.save(invites);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      log.error("pairing with device {} from {} failed: cannot update the config: {}", device, where(remote), e.getMessage(), e);
      return PairingOutcome.NOT_ADMITTED; // the invite stays usable: the joiner's next dial may get in
    }
    log.info("admitted device {} (\"{}\") from {} by invite{}", device, name, where(remote),
        match.folder() == null ? "" : "; shared folder " + match.folder() + " with it");
    return PairingOutcome.ADMITTED;
  }

  /** Compares against every invite without stopping early, so timing does not reveal which matched. */
  private InviteBook.Invite find(byte[] hash) {
    InviteBook.Invite found = null;
    for (InviteBook.Invite i : invites) {
      if (MessageDigest.isEqual(i.secretHash(), hash)) {
        found = i;
      }
    }
    return found;
  }

  private ChorusConfig withJoiner(
      ChorusConfig c, DeviceId device, String name, InetSocketAddress remote, FolderId folder) {
    ChorusConfig out = c;
    if (c.device(device).isEmpty()) {
      out = out.withDevice(new DeviceConfig(device, name, dialBack(remote), List.of()));
    }
    if (folder != null) {
      FolderConfig f = out.folder(folder).orElse(null);
      if (f == null) {
        log.warn("folder {} of the invite used by {} is no longer configured; not sharing it", folder, device);
      } else {
        out = out.withFolder(f.sharedAlsoWith(device));
      }
    }
    return out;
  }

  static List<TcpAddress> dialBack(InetSocketAddress remote) {
    if (remote == null || remote.getAddress() == null || remote.getAddress().isLoopbackAddress()) {
      return List.of();
    }
    return List.of(new TcpAddress(chorus.core.config.IpLiteral.text(remote.getAddress()), ChorusConfig.DEFAULT_LISTEN_PORT));
  }

  private static PairingOutcome refuse(DeviceId device, InetSocketAddress remote, String reason, String forJoiner) {
    log.warn("refused pairing of device {} from {}: {}", device, where(remote), reason);
    return PairingOutcome.refused(forJoiner);
  }

  /** {@code HOST:PORT} for the log, IPv6 in brackets. */
  private static String where(InetSocketAddress remote) {
    return remote == null ? "?" : TcpAddress.of(remote).hostPort();
  }

  /** Drops invites past their expiry (used ones are kept until then, to say "already used"). */
  private void prune(Instant now) {
    invites.removeIf(i -> !i.expiresAt().isAfter(now));
  }

  private static String describe(Duration d) {
    return d.getSeconds() + " seconds";
  }
}
