package chorus.transport.api;

import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A NodeControl that answers from fields and records what it was asked. */
final class FakeNode implements NodeControl {
  static final DeviceId SELF = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
  static final DeviceId PEER = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

  volatile RuntimeException failStatus;
  volatile StatusReport report = sample();
  final List<InviteRequest> invites = new CopyOnWriteArrayList<>();
  final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
  final AtomicInteger reloads = new AtomicInteger();
  volatile chorus.core.feed.FeedReader feed; // null: the default, a node without a feed

  static StatusReport sample() {
    return new StatusReport(
        new StatusReport.Device(SELF, "jukebox"),
        List.of(new StatusReport.Peer(PEER, "primary", true, new TcpAddress("10.8.0.1", 41234), "OpenSSL",
            1000, 2000, 12.5, 0)),
        List.of(new StatusReport.Folder(FolderId.of("music"), "/srv/music", FolderType.SEND_RECEIVE,
            StatusReport.FolderState.SYNCING, 10, 12345, 2, 678, null)),
        List.of(new StatusReport.UnknownDevice(PEER, new TcpAddress("10.8.0.9", 50000), "stranger",
            Instant.parse("2024-05-01T12:00:00Z"))));
  }

  @Override
  public StatusReport status() {
    RuntimeException f = failStatus;
    if (f != null) {
      throw f;
    }
    return report;
  }

  @Override
  public InviteResponse invite(InviteRequest request) throws ApiException {
    invites.add(request);
    if (request.folder() != null && request.folder().value().equals("nope")) {
      throw ApiException.badRequest("folder \"nope\" is not configured on this device");
    }
    return new InviteResponse("chorus-invite1:AAAA", Instant.parse("2024-05-01T12:15:00Z"), SELF,
        List.of(new TcpAddress("10.8.0.2", 22200)), request.folder());
  }

  @Override
  public JoinResponse join(JoinRequest request) {
    joins.add(request);
    return new JoinResponse(PEER, "primary", List.of(), null, null, Instant.parse("2024-05-01T12:15:00Z"));
  }

  @Override
  public void reloadConfig() throws IOException {
    reloads.incrementAndGet();
  }

  @Override
  public chorus.core.feed.FeedReader feed() throws ApiException {
    chorus.core.feed.FeedReader f = feed;
    return f == null ? NodeControl.super.feed() : f;
  }
}
