package chorus.cli.command;

import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiException;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import chorus.transport.api.JoinRequest;
import chorus.transport.api.JoinResponse;
import chorus.transport.api.NodeControl;
import chorus.transport.api.StatusReport;
import chorus.transport.pairing.InviteToken;
import chorus.transport.pairing.PairingSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A daemon stand-in: a fixed status, real tokens for invites, and a count of reloads. */
final class FakeNode implements NodeControl {
  static final DeviceId INVITER = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
  static final DeviceId STRANGER = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

  final Clock clock;
  final List<InviteRequest> invites = new CopyOnWriteArrayList<>();
  final AtomicInteger reloads = new AtomicInteger();
  volatile chorus.core.feed.FeedReader feed; // null: a node without a feed (the interface's default)

  FakeNode(Clock clock) {
    this.clock = clock;
  }

  @Override
  public StatusReport status() {
    return new StatusReport(
        new StatusReport.Device(INVITER, "jukebox"),
        List.of(
            new StatusReport.Peer(STRANGER, "primary", true, new TcpAddress("10.8.0.1", 41234), "OpenSSL",
                3 * 1024 * 1024, 2048, 1536, 0),
            new StatusReport.Peer(DeviceId.ofBytes(new byte[32]), "attic", false, null, null, 0, 0, 0, 0)),
        List.of(new StatusReport.Folder(FolderId.of("music"), "/srv/music", FolderType.SEND_RECEIVE,
            StatusReport.FolderState.SYNCING, 10, 5L * 1024 * 1024 * 1024, 2, 678, null)),
        List.of(new StatusReport.UnknownDevice(STRANGER, new TcpAddress("10.8.0.9", 50000), "new box",
            Instant.parse("2024-05-01T12:00:00Z"))));
  }

  @Override
  public InviteResponse invite(InviteRequest request) throws ApiException {
    invites.add(request);
    if (request.folder() != null && !request.folder().value().equals("music")) {
      throw ApiException.badRequest("folder \"" + request.folder() + "\" is not configured on this device");
    }
    List<TcpAddress> addresses = request.addresses().isEmpty()
        ? List.of(new TcpAddress("10.8.0.2", 22200)) : request.addresses();
    Duration ttl = request.ttl() == null ? Duration.ofMinutes(15) : request.ttl();
    InviteToken token = new InviteToken(INVITER, "jukebox", addresses, request.folder(),
        PairingSecret.random(new SecureRandom()), clock.instant().plus(ttl));
    return new InviteResponse(token.encode(), token.expiresAt(), INVITER, addresses, request.folder());
  }

  @Override
  public JoinResponse join(JoinRequest request) throws ApiException {
    throw new ApiException(501, "not in this fake");
  }

  @Override
  public void reloadConfig() {
    reloads.incrementAndGet();
  }

  @Override
  public chorus.core.feed.FeedReader feed() throws ApiException {
    chorus.core.feed.FeedReader f = feed;
    return f == null ? NodeControl.super.feed() : f;
  }
}
