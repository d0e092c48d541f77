package chorus.transport.peer;

import chorus.core.port.ChunkSource;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.transport.wire.OutboundChunk;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one peer's chunk requests. Each read runs on the disk executor (never the event loop), into a
 * pooled direct buffer that goes to the socket without a copy ({@link OutboundChunk}). At most
 * {@code maxConcurrentReads} are in progress (counted until the response is written), no new read
 * starts while the channel is not writable, and when the peer has more requested bytes waiting than
 * {@code maxQueuedBytes} this side stops reading from it until the queue drains.
 *
 * <p>Why not simply stop reading whenever the channel is not writable: two nodes serving each other at
 * once would each stop reading while waiting for the other to read, and both would wait forever. A
 * peer's requests are bounded by its in-flight limit anyway, so the queue stays small without that.
 *
 * <p>State is confined to the channel's event loop; the disk executor only reads and writes.
 */
final class ChunkServer {
  private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);

  private final PeerConnection connection;
  private final ChunkSource source;
  private final Executor disk;
  private final int maxConcurrentReads;
  private final long maxQueuedBytes;
  private final ArrayDeque<ChunkRequest> queue = new ArrayDeque<>();
  private int active;
  private long outstandingBytes;
  private volatile long maxOutstandingBytes;
  private volatile boolean stopped;
  private boolean readingPaused;

  ChunkServer(PeerConnection connection, ChunkSource source, Executor disk, int maxConcurrentReads, long maxQueuedBytes) {
    this.connection = connection;
    this.source = source;
    this.disk = disk;
    this.maxConcurrentReads = maxConcurrentReads;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** A request from the peer; on the event loop. */
  void onRequest(ChunkRequest request) {
    if (stopped) {
      return;
    }
    queue.add(request);
    outstandingBytes += request.length();
    if (outstandingBytes > maxOutstandingBytes) {
      maxOutstandingBytes = outstandingBytes;
    }
    if (outstandingBytes > maxQueuedBytes && !readingPaused) {
      readingPaused = true;
      connection.readGate().pause(ReadGate.Reason.CHUNK_REQUESTS);
      log.debug("{} has {} requested bytes waiting; reading paused", connection.describe(), outstandingBytes);
    }
    drain();
  }

  /** The channel became writable or not; on the event loop. */
  void onWritabilityChanged() {
    drain();
  }

  /** The connection closed: queued requests are dropped, reads in progress finish into the void. */
  void stop() {
    stopped = true;
    queue.clear();
  }

  /** Requested bytes waiting or being served now. */
  long outstandingBytes() {
    return outstandingBytes;
  }

  /** The most requested bytes ever waiting or being served at once. */
  long maxOutstandingBytes() {
    return maxOutstandingBytes;
  }

  private void drain() {
    Channel channel = connection.channel();
    while (!stopped && active < maxConcurrentReads && channel.isWritable() && !queue.isEmpty()) {
      ChunkRequest request = queue.poll();
      active++;
      try {
        disk.execute(() -> read(request));
      } catch (RejectedExecutionException e) {
        log.warn("no disk thread free to read a chunk for {}: {}", connection.describe(), e.getMessage());
        respond(request, new ChunkResponse(request.requestId(), ChunkResponse.Status.ERROR, null));
      }
    }
    if (readingPaused && outstandingBytes <= maxQueuedBytes / 2 && !stopped) {
      readingPaused = false;
      connection.readGate().resume(ReadGate.Reason.CHUNK_REQUESTS);
    }
  }

  /** On the disk executor. */
  private void read(ChunkRequest request) {
    Object response;
    if (stopped) {
      response = new ChunkResponse(request.requestId(), ChunkResponse.Status.ERROR, null);
    } else {
      response = readChunk(request);
    }
    respond(request, response);
  }

  private Object readChunk(ChunkRequest request) {
    int length = request.length();
    ByteBuf buf = connection.channel().alloc().directBuffer(length, length);
    try {
      ByteBuffer target = buf.nioBuffer(0, length);
      ChunkSource.Status status = source.read(connection.device(), request.hash(), length, request.hint(), target);
      switch (status) {
        case OK -> {
          if (target.position() != length) {
            throw new IllegalStateException("the chunk source reported OK but wrote " + target.position()
                + " of " + length + " bytes");
          }
          buf.writerIndex(length);
          OutboundChunk chunk = new OutboundChunk(request.requestId(), buf);
          buf = null; // the encoder releases it once written
          return chunk;
        }
        case NOT_FOUND -> {
          return new ChunkResponse(request.requestId(), ChunkResponse.Status.NOT_FOUND, null);
        }
        case CHANGED -> {
          return new ChunkResponse(request.requestId(), ChunkResponse.Status.CHANGED, null);
        }
        default -> throw new IllegalStateException("unknown chunk source status " + status);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("reading chunk {} ({} bytes) for {} failed: {}", request.hash(), length, connection.describe(),
          e.toString());
      return new ChunkResponse(request.requestId(), ChunkResponse.Status.ERROR, null);
    } finally {
      if (buf != null) {
        buf.release();
      }
    }
  }

  /**
   * Writes the response; its completion frees the slot on the event loop. Any thread. The listener is
   * on the promise before the write starts, so it runs the moment the write completes, before the event
   * loop reads the next request (added afterwards, it could run after that read).
   */
  private void respond(ChunkRequest request, Object response) {
    Channel channel = connection.channel();
    if (channel.eventLoop().isShuttingDown()) {
      ReferenceCountUtil.release(response); // the node is stopping: nobody is there to send it
      return;
    }
    ChannelPromise promise = channel.newPromise();
    promise.addListener(f -> finished(request));
    channel.writeAndFlush(response, promise);
  }

  /** On the event loop (future listeners run there). */
  private void finished(ChunkRequest request) {
    active--;
    outstandingBytes -= request.length();
    drain();
  }
}
