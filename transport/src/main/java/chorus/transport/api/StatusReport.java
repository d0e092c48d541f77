package chorus.transport.api;

import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code GET /rest/status} returns: this device, its peers, its folders, the devices that
 * knocked and were turned away (so a user can add them), and the invites this device joined that are
 * not complete (waiting, or refused by the inviter). The node fills it; the CLI prints it.
 */
public record StatusReport(
    Device device, List<Peer> peers, List<Folder> folders, List<UnknownDevice> unknownDevices,
    List<PendingJoin> pendingJoins, Catalog catalog) {

  public StatusReport {
    Objects.requireNonNull(device, "device");
    peers = peers == null ? List.of() : List.copyOf(peers);
    folders = folders == null ? List.of() : List.copyOf(folders);
    unknownDevices = unknownDevices == null ? List.of() : List.copyOf(unknownDevices);
    pendingJoins = pendingJoins == null ? List.of() : List.copyOf(pendingJoins);
  }

  /** Without pending joins. */
  public StatusReport(Device device, List<Peer> peers, List<Folder> folders, List<UnknownDevice> unknownDevices) {
    this(device, peers, folders, unknownDevices, List.of(), null);
  }

  /** Without a catalog. */
  public StatusReport(Device device, List<Peer> peers, List<Folder> folders, List<UnknownDevice> unknownDevices,
      List<PendingJoin> pendingJoins) {
    this(device, peers, folders, unknownDevices, pendingJoins, null);
  }

  /**
   * The catalog bridge (null when no catalog is configured).
   *
   * @param state connecting, connected, linking or down
   * @param error why it is down, or null
   * @param target the database as user@host:port/db
   * @param lagEntries change-feed entries not yet applied to the database
   * @param lagMillis how long the oldest of them has waited
   * @param pending files the catalog lists that this host has not got
   */
  public record Catalog(String state, String error, String target, long lagEntries, long lagMillis, long pending,
      Instant lastLink) {}

  /** This device. */
  public record Device(DeviceId id, String name) {
    public Device {
      Objects.requireNonNull(id, "device id");
      name = name == null ? "" : name;
    }
  }

  /**
   * A configured peer.
   *
   * @param address the remote address of the current connection, or null when not connected
   * @param tlsProvider the TLS implementation of the current connection (e.g. {@code OpenSSL},
   *     {@code JDK}), or null when not connected
   * @param inBytes bytes received from this peer since the node started
   * @param outBytes bytes sent to this peer since the node started
   * @param inRate recent receive rate in bytes per second
   * @param outRate recent send rate in bytes per second
   */
  public record Peer(
      DeviceId id,
      String name,
      boolean connected,
      TcpAddress address,
      String tlsProvider,
      long inBytes,
      long outBytes,
      double inRate,
      double outRate) {
    public Peer {
      Objects.requireNonNull(id, "peer id");
      name = name == null ? "" : name;
      if (inBytes < 0 || outBytes < 0 || !(inRate >= 0) || !(outRate >= 0)
          || Double.isInfinite(inRate) || Double.isInfinite(outRate)) {
        throw new IllegalArgumentException("peer " + id + ": byte counts and rates must be finite and >= 0");
      }
    }
  }

  /**
   * A configured folder.
   *
   * @param files files in the local index
   * @param bytes their total size
   * @param needFiles files this device still needs from peers
   * @param needBytes their total size
   * @param error what went wrong when {@code state} is {@link FolderState#ERROR} or why it is
   *     {@link FolderState#STOPPED}, else null
   * @param needDirectories directories still to make or remove (not counted in {@code needFiles})
   * @param syncPercent how much of the folder's content this device holds, 0-100
   * @param inBytesPerSecond the pull's rate now (chunks fetched and copied)
   * @param fetchedBytes chunk bytes fetched from peers since start
   * @param copiedBytes chunk bytes copied from files this device already had (renames, moves, seeds)
   * @param failedCount paths whose last pull failed
   * @param failed the first of them, with their reasons
   * @param peerCompletion how complete each peer's copy of the folder is, as this device sees it
   */
  public record Folder(
      FolderId id,
      String path,
      FolderType type,
      FolderState state,
      long files,
      long bytes,
      long needFiles,
      long needBytes,
      String error,
      long needDirectories,
      double syncPercent,
      long inBytesPerSecond,
      long fetchedBytes,
      long copiedBytes,
      int failedCount,
      List<FailedItem> failed,
      List<PeerCompletion> peerCompletion) {
    public Folder {
      Objects.requireNonNull(id, "folder id");
      Objects.requireNonNull(path, "folder path");
      type = type == null ? FolderType.SEND_RECEIVE : type;
      state = state == null ? FolderState.UNKNOWN : state;
      failed = failed == null ? List.of() : List.copyOf(failed);
      peerCompletion = peerCompletion == null ? List.of() : List.copyOf(peerCompletion);
      if (files < 0 || bytes < 0 || needFiles < 0 || needBytes < 0 || needDirectories < 0 || failedCount < 0) {
        throw new IllegalArgumentException("folder " + id + ": counts must be >= 0");
      }
    }

    /** A folder without sync figures (the engine not running, or an older daemon's answer). */
    public Folder(FolderId id, String path, FolderType type, FolderState state, long files, long bytes,
        long needFiles, long needBytes, String error) {
      this(id, path, type, state, files, bytes, needFiles, needBytes, error, 0,
          needBytes == 0 ? 100 : 100.0 * bytes / Math.max(1, bytes + needBytes), 0, 0, 0, 0, List.of(), List.of());
    }
  }

  /**
   * One peer's copy of a folder: the share of the cluster's content it holds (100 when it lacks nothing),
   * and what it lacks (paths, bytes), from what it announced.
   */
  public record PeerCompletion(DeviceId device, double percent, long needFiles, long needBytes) {}

  /** A path that could not be synced: the reason a user reads, and how often it was tried. */
  public record FailedItem(String path, String reason, int attempts) {}

  /**
   * A device that connected with a valid certificate but is not in the config (and presented no valid
   * invite secret).
   *
   * @param address where it connected from
   * @param name the device name from its Hello, or empty if it never got that far
   * @param lastSeen when it last tried
   */
  public record UnknownDevice(DeviceId id, TcpAddress address, String name, Instant lastSeen) {
    public UnknownDevice {
      Objects.requireNonNull(id, "unknown device id");
      name = name == null ? "" : name;
    }
  }

  /**
   * An invite this device joined ({@code chorus join}) that the inviter has not accepted yet, or refused.
   *
   * @param name the inviter's name as the config has it, or empty
   * @param folder the folder the invite shares, or null
   * @param reason the inviter's reason when {@code state} is {@link JoinState#REFUSED}, else null
   * @param expiresAt when the invite expires
   */
  public record PendingJoin(DeviceId id, String name, FolderId folder, JoinState state, String reason, Instant expiresAt) {
    public PendingJoin {
      Objects.requireNonNull(id, "pending join device id");
      name = name == null ? "" : name;
      state = state == null ? JoinState.UNKNOWN : state;
    }
  }

  /** Where a join stands. */
  public enum JoinState {
    /** The node presents the invite's secret whenever it reaches the inviter. */
    WAITING,
    /** The inviter refused the secret for good; the node no longer dials it. */
    REFUSED,
    UNKNOWN;

    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static JoinState parse(String text) {
      for (JoinState s : values()) {
        if (s.text().equals(text)) {
          return s;
        }
      }
      return UNKNOWN; // a newer daemon may know more states
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** What a folder is doing right now. */
  public enum FolderState {
    IDLE, SCANNING, SYNCING, OUT_OF_SYNC, STOPPED, ERROR, UNKNOWN;

    /** The lower-case JSON form, e.g. {@code syncing}, {@code out-of-sync}. */
    public String text() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FolderState parse(String text) {
      for (FolderState s : values()) {
        if (s.text().equals(text)) {
          return s;
        }
      }
      // A newer daemon may report a state this client does not know yet.
      return UNKNOWN;
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
