package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.feed.FeedReader;
import chorus.core.id.DeviceId;
import chorus.core.sync.Need;
import chorus.core.sync.NeedCounter;
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
final class DaemonControl implements NodeControl {
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
    return new StatusReport(new StatusReport.Device(node.device(), node.name()), peers, folders, unknown);
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
    Need need = index.map(i -> need(i, f)).orElse(Need.NONE);
    return new StatusReport.Folder(f.id(), f.path(), f.type(), state, totals.files(), totals.bytes(), need.files(),
        need.bytes(), error);
  }

  private static Need need(FolderIndex index, FolderConfig f) {
    NeedCounter counter = new NeedCounter(index::get);
    for (DeviceId peer : f.sharedWith()) {
      index.forEachPeer(peer, counter::offer);
    }
    return counter.result();
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
    return new TcpAddress(a.getAddress().getHostAddress(), a.getPort());
  }
}
