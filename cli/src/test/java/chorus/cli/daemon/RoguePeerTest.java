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
import chorus.core.protocol.RefusedRecord;
import chorus.fsindex.chunk.ContentHash;
import chorus.transport.wire.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * The bytes of a directory record whose path is {@code hostile}: the real encoder writes a valid record
   * with a placeholder path of the same byte length, whose bytes are then swapped in. (No FileRecord can
   * hold such a path, which is the point.)
   */
  private static RefusedRecord hostile(String hostile, long seq, ShortId by) {
    byte[] bad = hostile.getBytes(StandardCharsets.UTF_8);
    String placeholder = "p".repeat(bad.length);
    IndexUpdate one = new IndexUpdate(MUSIC, ROGUE_INDEX, false, List.of(dir(placeholder, seq, by)));
    EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
    ch.writeOutbound(one);
    ByteBuf frame = ch.readOutbound();
    byte[] bytes = new byte[frame.readableBytes()];
    frame.readBytes(bytes);
    frame.release();
    ch.finishAndReleaseAll();
    // length u32, type u8, folder string, indexId u64, full u8, count uvarint (1 byte): then the record
    int recordStart = 4 + 1 + 1 + MUSIC.value().length() + 8 + 1 + 1;
    byte[] record = Arrays.copyOfRange(bytes, recordStart, bytes.length);
    System.arraycopy(bad, 0, record, 1, bad.length); // after the path's one-byte length
    return new RefusedRecord(hostile, seq, "sent as hostile", record);
  }

  private static FileRecord withMode(String path, long seq, ShortId by, FileType type, long size, int permissions) {
    ChunkHash h = ChunkHash.ofBytes(new byte[32]);
    boolean file = type == FileType.FILE;
    return new FileRecord(path, type, size, 1_000, permissions, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, 1))), seq, by,
        file ? List.of(new ChunkRef(0, (int) size, h)) : List.of(),
        file ? ContentHash.of(List.of(new ChunkRef(0, (int) size, h))) : null, null);
  }

  @Test
  void hostileRecordsAreRefusedOneByOneWhileTheRestIsStoredAndTheConnectionStays() throws Exception {
    DeviceIdentity rogueId = DeviceIdentity.generate(Instant.now(), new SecureRandom());
    DeviceId rogueDevice = rogueId.deviceId();
    ShortId by = rogueDevice.shortId();
    int port = freePort();
    Path home = init(tmp, "alpha", port);
    chorus(home, "folder", "add", "music", Files.createDirectories(tmp.resolve("music")).toString());
    chorus(home, "device", "add", rogueDevice.toString(), "--name", "rogue");
    chorus(home, "folder", "share", "music", rogueDevice.toString());
    IndexExchangeDaemonTest.Recorder events = new IndexExchangeDaemonTest.Recorder();
    daemon = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
        new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(100)), events);

    List<FileRecord> files = List.of(
        dir("good", 1, by),
        withMode("setuid", 4, by, FileType.FILE, 10, 04755),
        withMode("sized dir", 6, by, FileType.DIRECTORY, 5, 0755),
        dir(".chorus-tmp.x", 7, by),
        dir("a/.chorus-versions/y", 8, by),
        withMode("also good", 10, by, FileType.FILE, 10, 0644));
    List<RefusedRecord> unbuildable = List.of(hostile("../x", 2, by), hostile("/etc/x", 3, by),
        hostile("a/../../b", 5, by), hostile("a\0b", 9, by));
    IndexUpdate attack = new IndexUpdate(MUSIC, ROGUE_INDEX, true, files, unbuildable);
    List<String> reasons = new CopyOnWriteArrayList<>();
    List<PeerConnection> connected = new CopyOnWriteArrayList<>();
    ChorusConfig config = new ChorusConfig("rogue", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "0123456789abcdef0123",
        List.of(new FolderConfig(MUSIC, tmp.resolve("nowhere").toString(), FolderType.SEND_RECEIVE,
            List.of(daemon.deviceId()))),
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
            if (connected.isEmpty()) {
              connection.send(attack);
            }
            connected.add(connection);
          }

          @Override
          public void disconnected(DeviceId device, String reason) {
            reasons.add(reason);
          }
        })
        .build()
        .start();

    // The refusals are reported on the exchange's thread, the mark is stored on the index's: wait for both.
    await("the update was dealt with", () -> daemon.index().folder(MUSIC).peerProgress(rogueDevice).isPresent()
        && events.refused.size() >= 8);
    List<String> stored = new ArrayList<>();
    daemon.index().folder(MUSIC).forEachPeer(rogueDevice, r -> stored.add(r.path()));
    assertEquals(List.of("also good", "good"), stored);
    assertEquals(new IndexMark(ROGUE_INDEX, 10), daemon.index().folder(MUSIC).peerProgress(rogueDevice).orElseThrow(),
        "the mark moves past the refused records, so they are not resent");
    assertEquals(List.of(), events.violations);
    assertEquals(8, events.refused.size(), events.refused.toString());
    List<String> refusedPaths = events.refused.stream().map(r -> r.substring(0, r.indexOf(": "))).toList();
    assertEquals(List.of("../x", "/etc/x", "setuid", "a/../../b", "sized dir", ".chorus-tmp.x", "a/.chorus-versions/y",
        "a\\x00b"), refusedPaths);
    assertEquals(List.of(), reasons, "the connection stays up");
    assertEquals(1, connected.size());

    // Records stored by an older chorus may still have sizes on directories: the need count (and so
    // /rest/status) must not overflow on them. It used to fail with a 500.
    FileRecord huge = withMode("huge", 11, by, FileType.DIRECTORY, Long.MAX_VALUE, 0755);
    FileRecord huge2 = withMode("huge2", 12, by, FileType.DIRECTORY, Long.MAX_VALUE, 0755);
    daemon.index().folder(MUSIC).putPeers(rogueDevice, List.of(huge, huge2), new IndexMark(ROGUE_INDEX, 12), false);
    // /rest/status answers (no 500). The sync engine counts files as users do, directories apart: the
    // file "also good" (10 bytes, which the rogue peer never serves) is what stays needed.
    assertEquals(List.of(1L, 10L), IndexExchangeDaemonTest.need(home), "the file also good; only it has bytes");
  }
}
