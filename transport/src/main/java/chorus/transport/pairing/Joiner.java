package chorus.transport.pairing;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The joining side of an invite: validates the token, adds the inviter to this device's config (and the
 * invite's folder at a local path, shared with the inviter), and records the secret as a pending join so
 * that the node presents it when it dials the inviter. Used by {@code chorus join} directly and by the
 * daemon for {@code POST /rest/join}.
 */
public final class Joiner {
  private final DeviceId self;
  private final ConfigEditor config;
  private final PendingJoins pending;
  private final Clock clock;

  public Joiner(DeviceId self, ConfigEditor config, PendingJoins pending, Clock clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.pending = Objects.requireNonNull(pending, "pending");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What joining did.
   *
   * @param folder the folder the invite offers, or null
   * @param folderPath where that folder is on this device now, or null if it was not added (no path given)
   */
  public record Joined(
      DeviceId device, String name, List<TcpAddress> addresses, FolderId folder, Path folderPath,
      Instant expiresAt) {}

  /**
   * Joins the invite in {@code tokenText}.
   *
   * @param folderPath an existing directory for the invite's folder, or null
   * @throws InvalidInviteException if the token is damaged, expired, or this device's own
   * @throws IllegalArgumentException if {@code folderPath} is unusable
   * @throws IOException if the config or the pending joins cannot be read or written (a config the
   *     validator rejects, e.g. a folder path already in use, is reported this way with the reason)
   */
  public Joined join(String tokenText, Path folderPath) throws IOException {
    InviteToken token = InviteToken.parse(tokenText, clock.instant());
    if (token.device().equals(self)) {
      throw new InvalidInviteException("this invite was made by this device (" + self
          + "); run 'chorus join' on the other host");
    }
    FolderId folder = token.folder();
    if (folderPath != null && folder == null) {
      throw new IllegalArgumentException("the invite shares no folder, so --path " + folderPath
          + " has nothing to hold; join without it");
    }
    ChorusConfig current = config.current();
    Path dir = null;
    if (folder != null) {
      FolderConfig existing = current.folder(folder).orElse(null);
      if (folderPath != null) {
        dir = checkDirectory(folderPath);
        if (existing != null && !Path.of(existing.path()).normalize().equals(dir)) {
          throw new IllegalArgumentException("folder \"" + folder + "\" is already configured here at "
              + existing.path() + "; join without --path to share it with the inviter there");
        }
      } else if (existing != null) {
        dir = Path.of(existing.path());
      }
    }

    PendingJoins.PendingJoin previous = pending.all().stream()
        .filter(j -> j.device().equals(token.device())).findFirst().orElse(null);
    pending.add(new PendingJoins.PendingJoin(token.device(), token.secret(), folder, token.expiresAt()));
    Path folderDir = dir;
    ChorusConfig updated;
    try {
      updated = config.update(c -> withInviter(c, token, folderDir));
    } catch (IOException | RuntimeException e) {
      if (previous == null) {
        pending.remove(token.device());
      } else {
        pending.add(previous);
      }
      throw e;
    }
    List<TcpAddress> addresses = updated.device(token.device()).map(DeviceConfig::addresses).orElse(token.addresses());
    return new Joined(token.device(), token.deviceName(), addresses, folder, dir, token.expiresAt());
  }

  private static Path checkDirectory(Path path) {
    Path dir = path.toAbsolutePath().normalize();
    if (!Files.exists(dir)) {
      throw new IllegalArgumentException("--path " + dir + " does not exist; create it first");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--path " + dir + " is not a directory");
    }
    return dir;
  }

  /** Adds or merges the inviter (known addresses first, then the token's new ones) and the folder. */
  private static ChorusConfig withInviter(ChorusConfig c, InviteToken token, Path folderDir) {
    DeviceConfig existing = c.device(token.device()).orElse(null);
    DeviceConfig device;
    if (existing == null) {
      device = new DeviceConfig(token.device(), token.deviceName(), token.addresses(), List.of());
    } else {
      List<TcpAddress> addresses = new ArrayList<>(existing.addresses());
      for (TcpAddress a : token.addresses()) {
        if (!addresses.contains(a)) {
          addresses.add(a);
        }
      }
      String name = existing.name().isEmpty() ? token.deviceName() : existing.name();
      device = new DeviceConfig(existing.id(), name, addresses, existing.allowedNetworks());
    }
    ChorusConfig out = c.withDevice(device);
    if (folderDir != null) {
      FolderConfig f = out.folder(token.folder()).orElse(null);
      if (f == null) {
        out = out.withFolder(new FolderConfig(
            token.folder(), folderDir.toString(), FolderType.SEND_RECEIVE, List.of(token.device())));
      } else {
        out = out.withFolder(f.sharedAlsoWith(token.device()));
      }
    }
    return out;
  }
}
