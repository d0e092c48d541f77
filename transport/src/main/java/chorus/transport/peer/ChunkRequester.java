package chorus.transport.peer;

import chorus.core.id.ChunkHash;
import chorus.core.id.Sha256;
import chorus.core.port.ChunkBytes;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ChunkHint;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.transport.wire.InboundChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.collection.IntObjectHashMap;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches chunks from one peer. At most {@code maxBytesInFlight} requested bytes are outstanding, counted
 * from the request until the answer is verified (one larger chunk may go alone); the rest wait in order. Every received chunk is hashed on the verify
 * executor before its future completes: a wrong hash or length fails it with
 * {@link ChunkIntegrityException} and the bytes go nowhere. Request IDs count up and wrap around,
 * skipping any still outstanding.
 *
 * <p>State is confined to the channel's event loop, except {@link #load}, which anyone may read.
 */
final class ChunkRequester {
  private static final Logger log = LoggerFactory.getLogger(ChunkRequester.class);
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::digest);

  /** A fetch waiting to be requested or answered. */
  private record Pending(ChunkHash hash, int length, ChunkHint hint, CompletableFuture<ChunkBytes> future) {}

  private final PeerConnection connection;
  private final PeerHost host;
  private final long maxBytesInFlight;
  private final IntObjectHashMap<Pending> outstanding = new IntObjectHashMap<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final AtomicLong load = new AtomicLong();
  private long inFlight;
  private int nextId;
  private boolean closed;
  private String closeReason = "";
  private boolean reportedBadData;

  ChunkRequester(PeerConnection connection, PeerHost host, long maxBytesInFlight, int firstId) {
    this.connection = connection;
    this.host = host;
    this.maxBytesInFlight = maxBytesInFlight;
    this.nextId = firstId;
  }

  /** Requested-and-unanswered plus still-queued bytes; any thread. */
  long load() {
    return load.get();
  }

  /** Any thread; {@code hint} may be null. */
  CompletableFuture<ChunkBytes> fetch(ChunkHash hash, int length, ChunkHint hint) {
    if (length <= 0 || length > ChunkRequest.MAX_CHUNK_LENGTH) {
      throw new IllegalArgumentException("chunk length " + length + " is outside 1.." + ChunkRequest.MAX_CHUNK_LENGTH);
    }
    Pending p = new Pending(hash, length, hint, new CompletableFuture<>());
    load.addAndGet(length);
    Channel channel = connection.channel();
    if (channel.eventLoop().inEventLoop()) {
      enqueue(p);
    } else {
      try {
        channel.eventLoop().execute(() -> enqueue(p));
      } catch (RejectedExecutionException e) {
        load.addAndGet(-length);
        fail(p, new ChunkUnavailableException(hash, ChunkUnavailableException.Reason.DISCONNECTED,
            connection.describe() + " is shutting down"));
      }
    }
    return p.future();
  }

  private void enqueue(Pending p) {
    if (closed) {
      load.addAndGet(-p.length());
      fail(p, disconnected(p));
      return;
    }
    waiting.add(p);
    pump();
  }

  private void pump() {
    Channel channel = connection.channel();
    boolean wrote = false;
    while (!closed && !waiting.isEmpty()) {
      Pending p = waiting.peek();
      if (p.future().isDone()) { // cancelled by the caller while queued
        waiting.poll();
        load.addAndGet(-p.length());
        continue;
      }
      if (inFlight > 0 && inFlight + p.length() > maxBytesInFlight) {
        break;
      }
      waiting.poll();
      int id = allocateId();
      outstanding.put(id, p);
      inFlight += p.length();
      channel.write(new ChunkRequest(id, p.hash(), p.length(), p.hint()), channel.voidPromise());
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Moves the ID counter, as if it had come round; for tests of the wrap-around. */
  void restartIdsAt(int id) {
    nextId = id;
  }

  private int allocateId() {
    while (outstanding.containsKey(nextId)) {
      nextId++;
    }
    return nextId++;
  }

  /** An OK response whose data is still in the received buffer, which this now owns; on the event loop. */
  void onChunk(InboundChunk chunk) {
    Pending p = outstanding.remove(chunk.requestId());
    if (p == null) {
      chunk.release();
      connection.protocolError("ChunkResponse to request " + chunk.requestId() + ", which is not outstanding");
      return;
    }
    verify(p, chunk.data());
  }

  /** A response from the peer; on the event loop. */
  void onResponse(ChunkResponse response) {
    Pending p = outstanding.remove(response.requestId());
    if (p == null) {
      connection.protocolError("ChunkResponse to request " + response.requestId() + ", which is not outstanding");
      return;
    }
    switch (response.status()) {
      case OK -> verify(p, Unpooled.wrappedBuffer(response.data()));
      case NOT_FOUND -> done(p, unavailable(p, ChunkUnavailableException.Reason.NOT_FOUND));
      case CHANGED -> done(p, unavailable(p, ChunkUnavailableException.Reason.CHANGED));
      case ERROR -> done(p, unavailable(p, ChunkUnavailableException.Reason.SOURCE_ERROR));
    }
  }

  private ChunkUnavailableException unavailable(Pending p, ChunkUnavailableException.Reason reason) {
    return new ChunkUnavailableException(p.hash(), reason, connection.describe());
  }

  /** Fails {@code p} and frees its share of the budget; on the event loop. */
  private void done(Pending p, Exception e) {
    load.addAndGet(-p.length());
    release(p);
    fail(p, e);
  }

  /**
   * Frees the in-flight budget of an answered request and sends what now fits; on the event loop. A
   * received chunk keeps its share until it is verified, so chunks waiting to be hashed count as in
   * flight and a slow verifier slows the requests instead of piling up memory.
   */
  private void release(Pending p) {
    if (!closed) {
      inFlight -= p.length();
      pump();
    }
  }

  /** Hashes {@code data} (owned from here on) off the event loop, then completes or fails the fetch. */
  private void verify(Pending p, ByteBuf data) {
    Channel channel = connection.channel();
    try {
      host.verifyExecutor().execute(() -> {
        String problem;
        try {
          problem = problem(p, data);
        } catch (RuntimeException e) {
          problem = "it could not be checked: " + e;
        }
        // The load drops before the future completes, so a caller choosing its next peer sees it.
        load.addAndGet(-p.length());
        if (problem == null) {
          BufferChunkBytes bytes = new BufferChunkBytes(data);
          if (!p.future().complete(bytes)) {
            bytes.close(); // cancelled meanwhile: nobody will take it
          }
        } else {
          data.release();
          badData(p, problem);
        }
        if (channel.eventLoop().inEventLoop()) {
          release(p);
        } else {
          try {
            channel.eventLoop().execute(() -> release(p));
          } catch (RejectedExecutionException e) {
            // The node is shutting down; nothing waits for this budget any more.
          }
        }
      });
    } catch (RejectedExecutionException e) {
      data.release();
      done(p, new ChunkUnavailableException(p.hash(), ChunkUnavailableException.Reason.DISCONNECTED,
          "node shutting down"));
    }
  }

  private static String problem(Pending p, ByteBuf data) {
    if (data.readableBytes() != p.length()) {
      return data.readableBytes() + " bytes instead of " + p.length();
    }
    MessageDigest sha = SHA256.get();
    sha.reset();
    if (data.hasArray()) {
      sha.update(data.array(), data.arrayOffset() + data.readerIndex(), data.readableBytes());
    } else {
      for (ByteBuffer b : data.nioBuffers()) {
        sha.update(b);
      }
    }
    byte[] actual = sha.digest();
    if (!MessageDigest.isEqual(actual, p.hash().toBytes())) {
      return "its SHA-256 is " + ChunkHash.wrapDigest(actual);
    }
    return null;
  }

  /** On the verify executor. */
  private void badData(Pending p, String problem) {
    ChunkIntegrityException e = new ChunkIntegrityException(p.hash(), connection.describe(), problem);
    connection.countBadChunk();
    synchronized (this) {
      if (!reportedBadData) {
        reportedBadData = true;
        log.warn("{} sent corrupt data (further corrupt chunks from it are counted, not logged): {}",
            connection.describe(), e.getMessage());
      }
    }
    host.badChunk(connection, e);
    p.future().completeExceptionally(e);
  }

  /** The connection closed; on the event loop. */
  void onClose(String reason) {
    closed = true;
    closeReason = reason;
    List<Pending> all = new ArrayList<>(outstanding.values());
    all.addAll(waiting);
    outstanding.clear();
    waiting.clear();
    inFlight = 0;
    for (Pending p : all) {
      load.addAndGet(-p.length());
      fail(p, disconnected(p));
    }
  }

  private ChunkUnavailableException disconnected(Pending p) {
    return new ChunkUnavailableException(p.hash(), ChunkUnavailableException.Reason.DISCONNECTED,
        connection.describe() + ": " + closeReason);
  }

  private static void fail(Pending p, Exception e) {
    p.future().completeExceptionally(e);
  }
}
