package chorus.transport.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkSource;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import chorus.transport.testing.FileChunkSource;
import chorus.transport.tls.PeerVerifier;
import chorus.transport.tls.Rejection;
import chorus.transport.tls.TrustDecision;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The requester's bookkeeping, driven by hand over an embedded channel (no codec, no TLS). */
class ChunkRequesterTest {
  private final List<ChunkIntegrityException> bad = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  private PeerConnection connection(long maxInFlight, int firstId) {
    return new PeerConnection(channel, new Host(maxInFlight), "test", true, null, firstId);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ChunkHash hash(byte[] data) {
    return FileChunkSource.sha256(data, data.length);
  }

  /** The exception a completed future failed with (or null). */
  private static Throwable failure(CompletableFuture<?> f) {
    assertTrue(f.isDone(), "not completed");
    return f.handle((v, e) -> e).getNow(null);
  }

  private List<ChunkRequest> sent() {
    List<ChunkRequest> out = new ArrayList<>();
    Object o;
    while ((o = channel.readOutbound()) != null) {
      out.add((ChunkRequest) o);
    }
    return out;
  }

  @Test
  void requestIdsWrapAroundAndAnswersMayComeInAnyOrder() throws Exception {
    PeerConnection c = connection(1 << 20, Integer.MAX_VALUE - 1);
    byte[][] data = {bytes("one"), bytes("two"), bytes("three")};
    List<CompletableFuture<chorus.core.port.ChunkBytes>> futures = new ArrayList<>();
    for (byte[] d : data) {
      futures.add(c.fetch(hash(d), d.length));
    }
    List<ChunkRequest> requests = sent();
    assertEquals(List.of(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, Integer.MIN_VALUE),
        requests.stream().map(ChunkRequest::requestId).toList());
    for (int i : new int[] {2, 0, 1}) {
      c.requester().onResponse(new ChunkResponse(requests.get(i).requestId(), ChunkResponse.Status.OK, data[i]));
    }
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(data[i], futures.get(i).get().toArray());
    }
    assertEquals(0, c.load());
  }

  /**
   * Chunks as the pipeline delivers them, still in a (direct) buffer: the right bytes reach the caller
   * without a copy and go back to the pool when it closes them; wrong bytes, or an answer to nothing,
   * are released at once.
   */
  @Test
  void chunksInBuffersAreHandedOverAndEveryBufferIsReleased() throws Exception {
    PeerConnection c = connection(1 << 20, 1);
    byte[] real = bytes("real bytes");
    CompletableFuture<chorus.core.port.ChunkBytes> good = c.fetch(hash(real), real.length);
    CompletableFuture<chorus.core.port.ChunkBytes> lied = c.fetch(hash(real), real.length);
    List<ChunkRequest> r = sent();
    io.netty.buffer.ByteBuf goodBuf = io.netty.buffer.Unpooled.directBuffer().writeBytes(real);
    io.netty.buffer.ByteBuf badBuf = io.netty.buffer.Unpooled.directBuffer().writeBytes(bytes("fake bytes"));
    c.requester().onChunk(new chorus.transport.wire.InboundChunk(r.get(0).requestId(), goodBuf));
    c.requester().onChunk(new chorus.transport.wire.InboundChunk(r.get(1).requestId(), badBuf));
    try (chorus.core.port.ChunkBytes b = good.get()) {
      assertTrue(b.buffer().isDirect(), "no copy onto the heap");
      assertArrayEquals(real, b.toArray());
      assertEquals(1, goodBuf.refCnt(), "held until the caller closes it");
    }
    assertEquals(0, goodBuf.refCnt(), "closing gives the buffer back");
    assertInstanceOf(ChunkIntegrityException.class, failure(lied));
    assertEquals(0, badBuf.refCnt(), "wrong bytes are released at once");

    io.netty.buffer.ByteBuf stray = io.netty.buffer.Unpooled.directBuffer().writeBytes(real);
    c.requester().onChunk(new chorus.transport.wire.InboundChunk(12345, stray));
    assertEquals(0, stray.refCnt(), "an answer to no request is released");
  }

  /** A chunk over several received buffers is handed over as those buffers, in order, with no join. */
  @Test
  void aChunkInPiecesIsHandedOverAsItsPieces() throws Exception {
    PeerConnection c = connection(1 << 20, 1);
    byte[] real = bytes("the first piece, and the second");
    CompletableFuture<chorus.core.port.ChunkBytes> got = c.fetch(hash(real), real.length);
    io.netty.buffer.CompositeByteBuf pieces = io.netty.buffer.Unpooled.compositeBuffer();
    pieces.addComponent(true, io.netty.buffer.Unpooled.directBuffer().writeBytes(real, 0, 10));
    pieces.addComponent(true, io.netty.buffer.Unpooled.directBuffer().writeBytes(real, 10, real.length - 10));
    c.requester().onChunk(new chorus.transport.wire.InboundChunk(sent().get(0).requestId(), pieces));
    try (chorus.core.port.ChunkBytes b = got.get()) {
      java.nio.ByteBuffer[] parts = b.buffers();
      assertEquals(2, parts.length);
      java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
      for (java.nio.ByteBuffer part : parts) {
        assertTrue(part.isDirect() && part.isReadOnly());
        byte[] piece = new byte[part.remaining()];
        part.get(piece);
        joined.write(piece);
      }
      assertArrayEquals(real, joined.toByteArray());
    }
    assertEquals(0, pieces.refCnt(), "closing gives the pieces back");
  }

  @Test
  void anIdStillOutstandingIsSkippedAfterTheWrap() {
    PeerConnection c = connection(1 << 20, 7);
    c.fetch(hash(bytes("held")), 4); // id 7 stays outstanding
    assertEquals(7, sent().get(0).requestId());
    c.requester().restartIdsAt(7); // as if 2^32 requests had gone by
    c.fetch(hash(bytes("next")), 4);
    assertEquals(8, sent().get(0).requestId());
  }

  @Test
  void bytesInFlightStayUnderTheLimitAndTheRestWaitsInOrder() throws Exception {
    PeerConnection c = connection(10, 0);
    byte[][] data = {bytes("aaaa"), bytes("bbbb"), bytes("cccc"), bytes("dddddddddddddddddddd")};
    List<CompletableFuture<chorus.core.port.ChunkBytes>> futures = new ArrayList<>();
    for (byte[] d : data) {
      futures.add(c.fetch(hash(d), d.length));
    }
    List<ChunkRequest> first = sent();
    assertEquals(2, first.size(), "4 + 4 fit in 10, a third 4 does not");
    assertEquals(32, c.load());
    c.requester().onResponse(new ChunkResponse(first.get(0).requestId(), ChunkResponse.Status.OK, data[0]));
    List<ChunkRequest> second = sent();
    assertEquals(1, second.size());
    assertEquals(hash(data[2]), second.get(0).hash());
    c.requester().onResponse(new ChunkResponse(first.get(1).requestId(), ChunkResponse.Status.OK, data[1]));
    c.requester().onResponse(new ChunkResponse(second.get(0).requestId(), ChunkResponse.Status.OK, data[2]));
    // A chunk larger than the whole limit still goes, alone.
    List<ChunkRequest> third = sent();
    assertEquals(1, third.size());
    assertEquals(20, third.get(0).length());
    c.requester().onResponse(new ChunkResponse(third.get(0).requestId(), ChunkResponse.Status.OK, data[3]));
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(data[i], futures.get(i).get().toArray());
    }
  }

  @Test
  void wrongBytesOrLengthFailWithChunkIntegrityExceptionAndAreCounted() {
    PeerConnection c = connection(1 << 20, 0);
    CompletableFuture<chorus.core.port.ChunkBytes> wrongHash = c.fetch(hash(bytes("real")), 4);
    CompletableFuture<chorus.core.port.ChunkBytes> wrongLength = c.fetch(hash(bytes("real")), 4);
    List<ChunkRequest> r = sent();
    c.requester().onResponse(new ChunkResponse(r.get(0).requestId(), ChunkResponse.Status.OK, bytes("fake")));
    c.requester().onResponse(new ChunkResponse(r.get(1).requestId(), ChunkResponse.Status.OK, bytes("reals")));
    for (CompletableFuture<chorus.core.port.ChunkBytes> f : List.of(wrongHash, wrongLength)) {
      assertTrue(f.isCompletedExceptionally());
      assertInstanceOf(ChunkIntegrityException.class, failure(f));
    }
    assertEquals(2, c.badChunks());
    assertEquals(2, bad.size());
    assertTrue(channel.isOpen(), "bad data is counted, not a protocol error");
  }

  @Test
  void notFoundChangedAndErrorAreReportedAsSuch() {
    PeerConnection c = connection(1 << 20, 0);
    List<CompletableFuture<chorus.core.port.ChunkBytes>> f = List.of(
        c.fetch(hash(bytes("a")), 1), c.fetch(hash(bytes("b")), 1), c.fetch(hash(bytes("c")), 1));
    List<ChunkRequest> r = sent();
    c.requester().onResponse(new ChunkResponse(r.get(0).requestId(), ChunkResponse.Status.NOT_FOUND, null));
    c.requester().onResponse(new ChunkResponse(r.get(1).requestId(), ChunkResponse.Status.CHANGED, null));
    c.requester().onResponse(new ChunkResponse(r.get(2).requestId(), ChunkResponse.Status.ERROR, null));
    List<ChunkUnavailableException.Reason> reasons = f.stream()
        .map(x -> ((ChunkUnavailableException) failure(x)).reason()).toList();
    assertEquals(List.of(ChunkUnavailableException.Reason.NOT_FOUND, ChunkUnavailableException.Reason.CHANGED,
        ChunkUnavailableException.Reason.SOURCE_ERROR), reasons);
  }

  @Test
  void anAnswerToNothingIsAProtocolErrorAndClosingFailsEverythingWaiting() {
    PeerConnection c = connection(4, 0);
    CompletableFuture<chorus.core.port.ChunkBytes> sentOne = c.fetch(hash(bytes("abcd")), 4);
    CompletableFuture<chorus.core.port.ChunkBytes> queued = c.fetch(hash(bytes("efgh")), 4);
    assertEquals(1, sent().size());
    c.requester().onResponse(new ChunkResponse(12345, ChunkResponse.Status.NOT_FOUND, null));
    channel.runPendingTasks();
    assertFalse(channel.isOpen(), "closed for the protocol error");
    for (CompletableFuture<chorus.core.port.ChunkBytes> f : List.of(sentOne, queued)) {
      ChunkUnavailableException e = assertInstanceOf(ChunkUnavailableException.class, failure(f));
      assertEquals(ChunkUnavailableException.Reason.DISCONNECTED, e.reason());
      assertTrue(e.getMessage().contains("not outstanding"), e.getMessage());
    }
    assertEquals(0, c.load());
    // After the close, new fetches fail at once.
    CompletableFuture<chorus.core.port.ChunkBytes> late = c.fetch(hash(bytes("late")), 4);
    assertEquals(ChunkUnavailableException.Reason.DISCONNECTED,
        ((ChunkUnavailableException) failure(late)).reason());
    assertNull(channel.readOutbound());
  }

  /** Just enough of a node for a requester. */
  private final class Host implements PeerHost {
    private final PeerSettings settings;

    Host(long maxInFlight) {
      this.settings = new PeerSettings(Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofSeconds(300),
          Duration.ofSeconds(1), maxInFlight, 4, Math.max(maxInFlight, 1 << 20), 8 << 20);
    }

    @Override
    public PeerVerifier verifier() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChorusConfig config() {
      return new ChorusConfig("t", new TcpAddress("127.0.0.1", 0), new TcpAddress("127.0.0.1", 0),
          "0123456789abcdef", List.of(), List.of(), null);
    }

    @Override
    public PeerSettings settings() {
      return settings;
    }

    @Override
    public Hello helloFor(DeviceId peer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ClusterConfig clusterConfigFor(DeviceId peer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<TrustDecision> admitByInvite(DeviceId device, Hello hello, InetSocketAddress remote) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Rejection> register(PeerConnection connection) {
      return Optional.empty();
    }

    @Override
    public void ready(PeerConnection connection, ClusterConfig theirs) {}

    @Override
    public void rejected(Rejection rejection, String deviceName) {}

    @Override
    public void closed(PeerConnection connection, String reason) {}

    @Override
    public void received(PeerConnection connection, Message message) {}

    @Override
    public void badChunk(PeerConnection connection, ChunkIntegrityException e) {
      bad.add(e);
    }

    @Override
    public ChunkSource chunkSource() {
      return (requester, hash, length, hint, target) -> ChunkSource.Status.NOT_FOUND;
    }

    @Override
    public Executor diskExecutor() {
      return Runnable::run;
    }

    @Override
    public Executor verifyExecutor() {
      return Runnable::run;
    }
  }
}
