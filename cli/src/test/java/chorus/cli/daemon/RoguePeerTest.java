package chorus.cli.daemon;

import static chorus.cli.daemon.IndexExchangeDaemonTest.await;
import static chorus.cli.daemon.IndexExchangeDaemonTest.chorus;
import static chorus.cli.daemon.IndexExchangeDaemonTest.freePort;
import static chorus.cli.daemon.IndexExchangeDaemonTest.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliContext;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.sync.IndexMark;
import chorus.transport.node.IndexProgress;
import chorus.transport.node.NetTransport;
import chorus.transport.node.NodeListener;
import chorus.transport.node.NodeService;
import chorus.transport.node.NodeSettings;
import chorus.transport.peer.PeerConnection;
import chorus.transport.tls.DeviceIdentity;
import chorus.transport.tls.TlsProviderPreference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile peer (a bare node service with a real TLS identity) sends a running daemon bad IndexUpdates,
 * one per connection: each closes the connection with a clear reason and nothing is stored.
 */
class RoguePeerTest {
  private static final FolderId MUSIC = FolderId.of("music");
  private static final FolderId SECRET = FolderId.of("secret");
  private static final long ROGUE_INDEX = 0xBAD;

  @TempDir Path tmp;
  private Daemon daemon;
  private NodeService rogue;

  @AfterEach
  void stop() {
    if (rogue != null) {
      rogue.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private static FileRecord dir(String path, long seq, ShortId by) {
    return new FileRecord(path, FileType.DIRECTORY, 0, 1_000, 0755, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, 1))), seq, by, List.of(), null, null);
  }

  /**
   * A file whose content hash is not that of its chunks. (Local-only facts such as an inode cannot be
   * sent at all: the wire format has no field for them; the exchange's own check is unit-tested.)
   */
  private static FileRecord lyingFile(long seq, ShortId by) {
    ChunkHash chunk = ChunkHash.ofBytes(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    return new FileRecord("x", FileType.FILE, 10, 1_000, 0644, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, 1))), seq, by, List.of(new ChunkRef(0, 10, chunk)),
        ChunkHash.ofBytes(other), null);
  }

  @Test
  void badIndexUpdatesCloseTheConnectionAndStoreNothing() throws Exception {
    DeviceIdentity rogueId = DeviceIdentity.generate(Instant.now(), new SecureRandom());
    DeviceId rogueDevice = rogueId.deviceId();
    ShortId by = rogueDevice.shortId();
    int port = freePort();
    Path home = init(tmp, "alpha", port);
    chorus(home, "folder", "add", "music", Files.createDirectories(tmp.resolve("music")).toString());
    chorus(home, "folder", "add", "secret", Files.createDirectories(tmp.resolve("secret")).toString());
    chorus(home, "device", "add", rogueDevice.toString(), "--name", "rogue");
    chorus(home, "folder", "share", "music", rogueDevice.toString());
    IndexExchangeDaemonTest.Recorder events = new IndexExchangeDaemonTest.Recorder();
    daemon = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
        new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(100)), events);

    List<IndexUpdate> attacks = List.of(
        new IndexUpdate(SECRET, ROGUE_INDEX, true, List.of(dir("x", 1, by))),
        new IndexUpdate(MUSIC, 0xBEEF, true, List.of(dir("x", 1, by))),
        new IndexUpdate(MUSIC, ROGUE_INDEX, true, List.of(dir("fine", 1, by), lyingFile(3, by))));
    List<String> expected = List.of("not shared with you", "announced bad", "is not the SHA-256 of its chunk hashes");
    AtomicInteger connections = new AtomicInteger();
    List<String> reasons = new CopyOnWriteArrayList<>();
    ChorusConfig config = new ChorusConfig("rogue", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "0123456789abcdef0123",
        List.of(new FolderConfig(MUSIC, tmp.resolve("nowhere").toString(), FolderType.SEND_RECEIVE, List.of(daemon.deviceId())),
            new FolderConfig(SECRET, tmp.resolve("nowhere2").toString(), FolderType.SEND_RECEIVE, List.of(daemon.deviceId()))),
        List.of(new DeviceConfig(daemon.deviceId(), "alpha", List.of(new TcpAddress("127.0.0.1", port)), List.of())), null);
    IndexProgress progress = new IndexProgress() {
      @Override
      public IndexMark local(FolderId folder) {
        return new IndexMark(ROGUE_INDEX, 10);
      }

      @Override
      public IndexMark heldOf(FolderId folder, DeviceId peer) {
        return IndexMark.NONE;
      }
    };
    rogue = NodeService.builder(rogueId, config)
        .settings(NodeSettings.defaults().withRedial(Duration.ofMillis(50), Duration.ofMillis(500)))
        .indexProgress(progress)
        .listener(new NodeListener() {
          @Override
          public void connected(PeerConnection connection, ClusterConfig theirs) {
            int n = connections.getAndIncrement();
            if (n < attacks.size()) {
              connection.send(attacks.get(n));
            }
          }

          @Override
          public void disconnected(DeviceId device, String reason) {
            reasons.add(reason);
          }
        })
        .build()
        .start();

    await("three attacks were turned away", () -> reasons.size() >= 3);
    rogue.close();
    rogue = null;
    for (int i = 0; i < 3; i++) {
      String reason = reasons.get(i);
      assertTrue(reason.contains("index exchange") && reason.contains(expected.get(i)), reason);
    }
    assertEquals(3, events.violations.size(), events.violations.toString());
    for (FolderId f : List.of(MUSIC, SECRET)) {
      List<String> stored = new ArrayList<>();
      daemon.index().folder(f).forEachPeer(rogueDevice, r -> stored.add(r.path()));
      assertEquals(List.of(), stored, "nothing of the rogue's is stored in " + f);
      assertTrue(daemon.index().folder(f).peerProgress(rogueDevice).isEmpty());
    }
  }
}
