package chorus.cli.daemon;

import chorus.core.id.FolderId;
import chorus.fsindex.scan.ScanReport;
import chorus.transport.api.FolderControl;

import chorus.cli.engine.FolderSync;
import chorus.cli.engine.SyncStatus;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.feed.FeedReader;
import chorus.core.id.DeviceId;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.FolderTotals;
import chorus.transport.api.ApiException;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import chorus.transport.api.JoinRequest;
import chorus.transport.api.JoinResponse;
import chorus.transport.api.NodeControl;
import chorus.transport.api.PairingApi;
import chorus.transport.api.StatusReport;
import chorus.transport.node.KnockLog;
import chorus.transport.node.NodeStatus;
import chorus.transport.node.PeerStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local API's view of the daemon: status from the node, invite and join through pairing, reload, and
 * the index's change feed.
 */
final class DaemonControl implements NodeControl, FolderControl {
  private final Daemon daemon;
  private final PairingApi pairing;

  DaemonControl(Daemon daemon) {
    this.daemon = daemon;
    this.pairing = daemon.pairing().api(() -> address(daemon.node().listenAddress()));
  }

  @Override
  public StatusReport status() {
    NodeStatus node = daemon.node().status();
    ChorusConfig config = daemon.config();
    List<StatusReport.Peer> peers = new ArrayList<>();
    for (PeerStatus p : node.peers()) {
      peers.add(new StatusReport.Peer(p.device(), p.name(), p.connected(), address(p.address()), p.tlsProvider(),
          p.bytesIn(), p.bytesOut(), p.inRate(), p.outRate()));
    }
    List<StatusReport.Folder> folders = new ArrayList<>();
    for (FolderConfig f : config.folders()) {
      folders.add(folderStatus(f));
    }
    List<StatusReport.UnknownDevice> unknown = new ArrayList<>();
    for (KnockLog.Knock k : node.knocks()) {
      unknown.add(new StatusReport.UnknownDevice(k.device(), address(k.address()), k.name(), k.lastSeen()));
    }
    chorus.dbbridge.BridgeStatus b = daemon.catalogStatus();
    StatusReport.Catalog catalog = b == null ? null : new StatusReport.Catalog(b.state().text(), b.error(), b.target(),
        b.lagEntries(), b.lagMillis(), b.pending(), b.lastLink());
    return new StatusReport(new StatusReport.Device(node.device(), node.name()), peers, folders, unknown,
        JoinStatus.of(daemon.pairing().pendingJoins(), config), catalog);
  }

  /**
   * A folder's state, and its counts as the index holds them now ({@link FolderTotals}, kept with every
   * change, so a watched change shows at once). What it still needs is counted over what every device it
   * is shared with announced ({@link NeedCounter}); this walks their records, off the event loops.
   */
  private StatusReport.Folder folderStatus(FolderConfig f) {
    StatusReport.FolderState state = StatusReport.FolderState.UNKNOWN;
    String error = null;
    var service = daemon.folders().get(f.id());
    if (service.isPresent()) {
      FolderScanService s = service.get();
      state = switch (s.state()) {
        case STARTING, SCANNING -> StatusReport.FolderState.SCANNING;
        case IDLE -> StatusReport.FolderState.IDLE;
        case ERROR -> StatusReport.FolderState.ERROR;
      };
      error = s.error();
    }
    Optional<FolderIndex> index = daemon.index().findFolder(f.id());
    FolderTotals totals = index.map(FolderIndex::totals).orElse(FolderTotals.EMPTY);
    Optional<FolderSync> engine = daemon.engine() == null ? Optional.empty() : daemon.engine().get(f.id());
    if (engine.isEmpty()) {
      return new StatusReport.Folder(f.id(), f.path(), f.type(), state, totals.files(), totals.bytes(), 0, 0, error);
    }
    SyncStatus sync = engine.get().status();
    if (state != StatusReport.FolderState.ERROR && state != StatusReport.FolderState.SCANNING) {
      state = switch (sync.state()) {
        case STOPPED -> StatusReport.FolderState.STOPPED;
        case SYNCING -> StatusReport.FolderState.SYNCING;
        case OUT_OF_SYNC -> StatusReport.FolderState.OUT_OF_SYNC;
        case STARTING -> StatusReport.FolderState.SCANNING;
        case IDLE -> StatusReport.FolderState.IDLE;
      };
      if (state == StatusReport.FolderState.STOPPED) {
        error = sync.stopReason();
      }
    }
    List<StatusReport.FailedItem> failed = new ArrayList<>();
    for (SyncStatus.Failed x : sync.failed()) {
      failed.add(new StatusReport.FailedItem(x.path(), x.reason(), x.attempts()));
    }
    long held = totals.bytes();
    double percent = sync.needBytes() == 0 && sync.needFiles() == 0 && sync.needDirectories() == 0 ? 100
        : 100.0 * held / Math.max(1, held + sync.needBytes());
    long global = held + sync.needBytes();
    List<StatusReport.PeerCompletion> peers = new ArrayList<>();
    sync.peersLack().forEach((device, lack) -> peers.add(new StatusReport.PeerCompletion(device,
        lack.files() == 0 ? 100 : Math.max(0, 100.0 * (global - lack.bytes()) / Math.max(1, global)), lack.files(),
        lack.bytes())));
    return new StatusReport.Folder(f.id(), f.path(), f.type(), state, totals.files(), totals.bytes(), sync.needFiles(),
        sync.needBytes(), error, sync.needDirectories(), Math.min(100, percent), sync.bytesPerSecond(),
        sync.fetchedBytes(), sync.copiedBytes(), sync.failedCount(), failed, peers);
  }

  @Override
  public StatusReport.Folder folder(FolderId id) throws ApiException {
    return folderStatus(configured(id));
  }

  @Override
  public RescanResult rescan(FolderId id, String path) throws ApiException, IOException, InterruptedException {
    configured(id);
    if (!path.isEmpty() && chorus.core.model.RelativePath.problem(path) != null) {
      throw ApiException.badRequest("path " + path + ": " + chorus.core.model.RelativePath.problem(path));
    }
    FolderScanService s = daemon.folders().get(id)
        .orElseThrow(() -> new ApiException(409, "folder " + id + " is not running"));
    try {
      ScanReport r = s.scanNow(List.of(path)).get();
      return new RescanResult(id.value(), path, r.added(), r.changed(), r.deleted(), r.problemCount(),
          r.duration().toMillis());
    } catch (java.util.concurrent.ExecutionException e) {
      throw new ApiException(409, "folder " + id + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public SettleResult override(FolderId id) throws ApiException {
    FolderConfig f = configured(id);
    if (f.type() != chorus.core.config.FolderType.SEND_ONLY) {
      throw new ApiException(409, "folder " + id + " is " + f.type() + "; override is for send-only folders");
    }
    return new SettleResult(id.value(), engine(id).override());
  }

  @Override
  public SettleResult revert(FolderId id) throws ApiException {
    FolderConfig f = configured(id);
    if (f.type() != chorus.core.config.FolderType.RECEIVE_ONLY) {
      throw new ApiException(409, "folder " + id + " is " + f.type() + "; revert is for receive-only folders");
    }
    return new SettleResult(id.value(), engine(id).revert(daemon.keepArchiver(f)));
  }

  private FolderConfig configured(FolderId id) throws ApiException {
    return daemon.config().folder(id).orElseThrow(() -> new ApiException(404, "no folder " + id + " is configured"));
  }

  private FolderSync engine(FolderId id) throws ApiException {
    return daemon.engine() == null ? null : daemon.engine().get(id)
        .orElseThrow(() -> new ApiException(409, "folder " + id + " is not running"));
  }

  @Override
  public InviteResponse invite(InviteRequest request) throws ApiException, IOException {
    return pairing.invite(request);
  }

  @Override
  public JoinResponse join(JoinRequest request) throws ApiException, IOException {
    JoinResponse joined = pairing.join(request);
    daemon.reload();
    return joined;
  }

  @Override
  public void reloadConfig() throws IOException {
    daemon.reload();
  }

  /** The index's change feed: every folder's changes, read and waited for without blocking. */
  @Override
  public FeedReader feed() {
    return daemon.index().feed();
  }

  private static TcpAddress address(InetSocketAddress a) {
    if (a == null || a.getAddress() == null) {
      return null;
    }
    return TcpAddress.of(a);
  }
}
