package chorus.transport.node;

import static chorus.transport.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.core.config.DeviceConfig;
import chorus.core.id.ChunkHash;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkSource;
import chorus.core.port.ChunkUnavailableException;
import chorus.transport.peer.PeerConnection;
import chorus.transport.testing.FileChunkSource;
import chorus.transport.testing.TestNode;
import chorus.transport.tls.TlsProviderPreference;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Chunk serving and fetching between two real nodes over loopback TLS, from real files. */
class ChunkExchangeTest {
  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();
  private FileChunkSource files;

  @AfterEach
  void stop() throws IOException {
    nodes.forEach(TestNode::close);
    if (files != null) {
      files.close();
    }
  }

  /** Starts a server node with {@code source} and a client node that dials it; returns {client, server}. */
  private TestNode[] pair(ChunkSource source, TlsProviderPreference p, long maxInFlight, int serverReads) {
    TestNode server = new TestNode("server");
    TestNode client = new TestNode("client");
    nodes.add(server);
    nodes.add(client);
    server.start(TestNode.config("server", 0).withDevice(new DeviceConfig(client.id(), "client", List.of(), List.of())),
        TestNode.settings(p).withThreads(2, Math.min(serverReads, 8), 2)
            .withPeer(TestNode.settings(p).peer().withMaxConcurrentReads(serverReads)), source);
    client.start(TestNode.config("client", 0).withDevice(server.asDevice(true, List.of())),
        TestNode.settings(p).withPeer(TestNode.settings(p).peer().withMaxBytesInFlight(maxInFlight)),
        (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND);
    await("connected", () -> client.connectedTo(server) && server.connectedTo(client));
    return new TestNode[] {client, server};
  }

  private void writeFiles(int count, int size) throws IOException {
    Random random = new Random(42);
    Files.createDirectories(dir.resolve("music"));
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[size + i * 1000];
      random.nextBytes(data);
      Files.write(dir.resolve("music").resolve("track" + i + ".flac"), data);
    }
    files = FileChunkSource.index(dir.resolve("music"), FileChunkSource.Verify.HASH);
  }

  @ParameterizedTest
  @EnumSource(value = TlsProviderPreference.class, names = {"OPENSSL", "JDK"})
  void fetchesEveryChunkOfRealFilesVerified(TlsProviderPreference p) throws Exception {
    if (p == TlsProviderPreference.OPENSSL) {
      assumeTrue(OpenSsl.isAvailable());
    }
    writeFiles(3, 3 * FileChunkSource.CHUNK + 12345);
    TestNode[] pair = pair(files, p, 1 << 20, 4);
    TestNode client = pair[0];
    TestNode server = pair[1];
    List<CompletableFuture<chorus.core.port.ChunkBytes>> futures = new ArrayList<>();
    for (ChunkHash h : files.hashes()) {
      futures.add(client.node.chunks().fetch(Set.of(server.id()), h, files.location(h).length()));
    }
    for (int i = 0; i < futures.size(); i++) {
      ChunkHash h = files.hashes().get(i);
      FileChunkSource.Location l = files.location(h);
      byte[] expected = new byte[l.length()];
      System.arraycopy(Files.readAllBytes(l.file()), (int) l.offset(), expected, 0, l.length());
      assertArrayEquals(expected, futures.get(i).get(20, TimeUnit.SECONDS).toArray(), "chunk " + i);
    }
    assertTrue(files.hashes().size() >= 12);
    assertEquals(0, client.node.status().badChunks());
  }

  @Test
  void corruptDataFailsTheFetchWithChunkIntegrityException() throws Exception {
    writeFiles(1, FileChunkSource.CHUNK);
    ChunkSource liar = (requester, hash, length, hint, target) -> {
      for (int i = 0; i < length; i++) {
        target.put((byte) i);
      }
      return ChunkSource.Status.OK;
    };
    TestNode[] pair = pair(liar, TlsProviderPreference.AUTO, 1 << 20, 4);
    TestNode client = pair[0];
    TestNode server = pair[1];
    ChunkHash h = files.hashes().get(0);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.node.chunks().fetch(server.id(), h, FileChunkSource.CHUNK).get(20, TimeUnit.SECONDS));
    ChunkIntegrityException integrity = assertInstanceOf(ChunkIntegrityException.class, e.getCause());
    assertEquals(h, integrity.expected());
    assertTrue(integrity.source().contains(server.id().toString()));
    assertEquals(1, client.badChunks.size());
    assertEquals(1, client.node.status().badChunks());
    assertEquals(1, client.node.status().peers().get(0).badChunks());
    // Bad data is counted, not fatal: the connection stays.
    assertTrue(client.connectedTo(server));
  }

  @Test
  void anUnknownHashIsNotFoundAndAnUnconnectedPeerHasNoSource() throws Exception {
    writeFiles(1, 1000);
    TestNode[] pair = pair(files, TlsProviderPreference.AUTO, 1 << 20, 4);
    TestNode client = pair[0];
    TestNode server = pair[1];
    ChunkHash unknown = FileChunkSource.sha256(new byte[] {1, 2, 3}, 3);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.node.chunks().fetch(server.id(), unknown, 3).get(20, TimeUnit.SECONDS));
    assertEquals(ChunkUnavailableException.Reason.NOT_FOUND,
        assertInstanceOf(ChunkUnavailableException.class, e.getCause()).reason());

    ExecutionException none = assertThrows(ExecutionException.class,
        () -> client.node.chunks().fetch(Set.of(client.id()), unknown, 3).get(20, TimeUnit.SECONDS));
    assertEquals(ChunkUnavailableException.Reason.NO_SOURCE,
        assertInstanceOf(ChunkUnavailableException.class, none.getCause()).reason());
  }

  @Test
  void theClientNeverHasMoreThanItsLimitInFlight() throws Exception {
    writeFiles(1, 20 * FileChunkSource.CHUNK);
    Semaphore permits = new Semaphore(0);
    AtomicInteger waiting = new AtomicInteger();
    ChunkSource gated = (requester, hash, length, hint, target) -> {
      waiting.incrementAndGet();
      permits.acquireUninterruptibly();
      waiting.decrementAndGet();
      return files.read(requester, hash, length, target);
    };
    long limit = 4L * FileChunkSource.CHUNK;
    // The server could read 64 at once, but will only ever be asked for four.
    TestNode[] pair = pair(gated, TlsProviderPreference.AUTO, limit, 64);
    TestNode client = pair[0];
    TestNode server = pair[1];
    List<CompletableFuture<chorus.core.port.ChunkBytes>> futures = new ArrayList<>();
    for (ChunkHash h : files.hashes()) {
      futures.add(client.node.chunks().fetch(server.id(), h, files.location(h).length()));
    }
    assertEquals(20, futures.size());
    // Release one read at a time, each only once four are waiting: the limit is reached every time.
    for (int i = 0; i < 16; i++) {
      await("four reads waiting", () -> waiting.get() == 4);
      permits.release();
    }
    permits.release(4);
    for (CompletableFuture<chorus.core.port.ChunkBytes> f : futures) {
      f.get(20, TimeUnit.SECONDS);
    }
    PeerConnection served = server.node.connection(client.id()).orElseThrow();
    assertEquals(limit, served.maxServingBytes());
  }

  @Test
  void aDisconnectFailsOutstandingFetches() throws Exception {
    writeFiles(1, 2 * FileChunkSource.CHUNK);
    Semaphore never = new Semaphore(0);
    AtomicInteger reads = new AtomicInteger();
    ChunkSource stuck = (requester, hash, length, hint, target) -> {
      reads.incrementAndGet();
      never.acquireUninterruptibly();
      return ChunkSource.Status.NOT_FOUND;
    };
    TestNode[] pair = pair(stuck, TlsProviderPreference.AUTO, 1 << 20, 4);
    TestNode client = pair[0];
    TestNode server = pair[1];
    CompletableFuture<chorus.core.port.ChunkBytes> first = client.node.chunks().fetch(server.id(), files.hashes().get(0), FileChunkSource.CHUNK);
    CompletableFuture<chorus.core.port.ChunkBytes> second = client.node.chunks().fetch(server.id(), files.hashes().get(1), FileChunkSource.CHUNK);
    await("the server is reading", () -> reads.get() == 2);
    server.node.connection(client.id()).orElseThrow().close("test disconnect");
    for (CompletableFuture<chorus.core.port.ChunkBytes> f : List.of(first, second)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
      ChunkUnavailableException u = assertInstanceOf(ChunkUnavailableException.class, e.getCause());
      assertEquals(ChunkUnavailableException.Reason.DISCONNECTED, u.reason());
      assertTrue(u.getMessage().contains("test disconnect"), u.getMessage());
    }
    never.release(2);
  }

  @Test
  void requestsGoToTheLeastLoadedPeer() throws Exception {
    writeFiles(1, 8 * FileChunkSource.CHUNK);
    TestNode s1 = new TestNode("s1");
    TestNode s2 = new TestNode("s2");
    TestNode client = new TestNode("client");
    nodes.addAll(List.of(s1, s2, client));
    Semaphore gate = new Semaphore(0);
    ChunkSource slow = (requester, hash, length, hint, target) -> {
      gate.acquireUninterruptibly();
      return files.read(requester, hash, length, target);
    };
    AtomicInteger fastReads = new AtomicInteger();
    ChunkSource fast = (requester, hash, length, hint, target) -> {
      fastReads.incrementAndGet();
      return files.read(requester, hash, length, target);
    };
    DeviceConfig clientDevice = new DeviceConfig(client.id(), "client", List.of(), List.of());
    s1.start(TestNode.config("s1", 0).withDevice(clientDevice), TestNode.settings(TlsProviderPreference.AUTO), slow);
    s2.start(TestNode.config("s2", 0).withDevice(clientDevice), TestNode.settings(TlsProviderPreference.AUTO), fast);
    client.start(TestNode.config("client", 0).withDevice(s1.asDevice(true, List.of())).withDevice(s2.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), (d, h, l, hint, t) -> ChunkSource.Status.NOT_FOUND);
    await("connected to both", () -> client.connectedTo(s1) && client.connectedTo(s2));
    ChunkHash first = files.hashes().get(0);
    // s1 gets the first request (both idle, either is fine) and holds it.
    CompletableFuture<chorus.core.port.ChunkBytes> pinned = client.node.chunks().fetch(s1.id(), first, FileChunkSource.CHUNK);
    List<CompletableFuture<chorus.core.port.ChunkBytes>> spread = new ArrayList<>();
    for (ChunkHash h : files.hashes().subList(1, 8)) {
      CompletableFuture<chorus.core.port.ChunkBytes> f = client.node.chunks().fetch(Set.of(s1.id(), s2.id()), h, FileChunkSource.CHUNK);
      spread.add(f);
      f.get(20, TimeUnit.SECONDS); // one at a time: s1 stays loaded with the pinned request
    }
    assertEquals(7, fastReads.get(), "every request while s1 was loaded went to s2");
    gate.release();
    pinned.get(20, TimeUnit.SECONDS);
  }

  /** A source whose reads fill the target with the wrong number of bytes must not crash the server. */
  @Test
  void aMisbehavingSourceAnswersError() throws Exception {
    writeFiles(1, 1000);
    ChunkSource shortReads = (requester, hash, length, hint, target) -> {
      target.put(ByteBuffer.allocate(length / 2));
      return ChunkSource.Status.OK;
    };
    TestNode[] pair = pair(shortReads, TlsProviderPreference.AUTO, 1 << 20, 4);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> pair[0].node.chunks().fetch(pair[1].id(), files.hashes().get(0), 1000).get(20, TimeUnit.SECONDS));
    assertEquals(ChunkUnavailableException.Reason.SOURCE_ERROR,
        assertInstanceOf(ChunkUnavailableException.class, e.getCause()).reason());
    assertTrue(pair[0].connectedTo(pair[1]));
  }
}
