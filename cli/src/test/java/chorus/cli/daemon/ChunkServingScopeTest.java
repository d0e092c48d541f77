package chorus.cli.daemon;

import static chorus.cli.daemon.IndexExchangeDaemonTest.await;
import static chorus.cli.daemon.IndexExchangeDaemonTest.chorus;
import static chorus.cli.daemon.IndexExchangeDaemonTest.freePort;
import static chorus.cli.daemon.IndexExchangeDaemonTest.init;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import chorus.core.model.ChunkRef;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ClusterConfig;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer (a bare node with a real TLS identity, over real TLS) asks a running daemon for chunks: it gets
 * those of the folder shared with it, and a chunk of a folder not shared with it answers exactly like a
 * chunk nobody holds.
 */
class ChunkServingScopeTest {
  private static final FolderId MUSIC = FolderId.of("music");
  private static final FolderId SECRET = FolderId.of("secret");

  @TempDir Path tmp;
  private Daemon daemon;
  private NodeService peer;

  @AfterEach
  void stop() {
    if (peer != null) {
      peer.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private ChunkRef firstChunk(FolderId folder, String path) {
    return daemon.index().folder(folder).get(path).orElseThrow().chunks().get(0);
  }

  private ChunkUnavailableException.Reason refusal(CompletableFuture<chorus.core.port.ChunkBytes> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ChunkUnavailableException, e.toString());
    return ((ChunkUnavailableException) e.getCause()).reason();
  }

  @Test
  void aPeerGetsChunksOfSharedFoldersOnlyAndCannotTellOthersFromAbsent() throws Exception {
    DeviceIdentity peerId = DeviceIdentity.generate(Instant.now(), new SecureRandom());
    DeviceId peerDevice = peerId.deviceId();
    int port = freePort();
    Path home = init(tmp, "alpha", port);
    Path music = Files.createDirectories(tmp.resolve("music"));
    Path secret = Files.createDirectories(tmp.resolve("secret"));
    byte[] song = bytes(100_000, 1);
    byte[] diary = bytes(100_000, 2);
    Files.write(music.resolve("song.flac"), song);
    Files.write(secret.resolve("diary.txt"), diary);
    chorus(home, "folder", "add", "music", music.toString());
    chorus(home, "folder", "add", "secret", secret.toString());
    chorus(home, "device", "add", peerDevice.toString(), "--name", "peer");
    chorus(home, "folder", "share", "music", peerDevice.toString());
    daemon = Daemon.start(new DeviceHome(home), CliContext.of(Map.of("CHORUS_HOME", home.toString())),
        new DaemonOptions(TlsProviderPreference.AUTO, NetTransport.Preference.AUTO, Duration.ofMillis(100)));
    await("both folders are indexed", () -> daemon.index().folder(MUSIC).get("song.flac").isPresent()
        && daemon.index().folder(SECRET).get("diary.txt").isPresent());

    AtomicBoolean connected = new AtomicBoolean();
    ChorusConfig config = new ChorusConfig("peer", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
        "0123456789abcdef0123",
        List.of(new FolderConfig(MUSIC, tmp.resolve("nowhere").toString(), FolderType.SEND_RECEIVE,
            List.of(daemon.deviceId()))),
        List.of(new DeviceConfig(daemon.deviceId(), "alpha", List.of(new TcpAddress("127.0.0.1", port)), List.of())), null);
    peer = NodeService.builder(peerId, config)
        .settings(NodeSettings.defaults().withRedial(Duration.ofMillis(50), Duration.ofMillis(500)))
        .listener(new NodeListener() {
          @Override
          public void connected(PeerConnection connection, ClusterConfig theirs) {
            connected.set(true);
          }
        })
        .build()
        .start();
    await("the peer is connected", connected::get);

    ChunkRef shared = firstChunk(MUSIC, "song.flac");
    byte[] got = peer.chunks().fetch(daemon.deviceId(), shared.hash(), shared.length()).get(30, TimeUnit.SECONDS).toArray();
    assertArrayEquals(Arrays.copyOf(song, shared.length()), got, "a chunk of the shared folder is served");

    ChunkRef hidden = firstChunk(SECRET, "diary.txt");
    assertEquals(ChunkUnavailableException.Reason.NOT_FOUND,
        refusal(peer.chunks().fetch(daemon.deviceId(), hidden.hash(), hidden.length())),
        "a chunk of a folder not shared with the peer");
    byte[] none = new byte[32];
    none[0] = 42;
    assertEquals(ChunkUnavailableException.Reason.NOT_FOUND,
        refusal(peer.chunks().fetch(daemon.deviceId(), ChunkHash.ofBytes(none), hidden.length())),
        "a chunk nobody holds answers the same");
  }
}
