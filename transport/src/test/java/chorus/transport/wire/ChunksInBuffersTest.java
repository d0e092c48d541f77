package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.protocol.ChunkResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder as the peer pipeline runs it ({@link MessageDecoder#chunksInBuffers()}): an OK chunk
 * response comes out as an {@link InboundChunk} over the received bytes, whatever way the stream is cut;
 * other statuses and other messages as before; the same checks refuse the same frames.
 */
class ChunksInBuffersTest {
  private final List<Object> out = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final EmbeddedChannel ch = new EmbeddedChannel(new MessageDecoder().chunksInBuffers(),
      new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          out.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          errors.add(cause);
        }
      });

  private void feedInPieces(byte[] stream, long seed) {
    Random r = new Random(seed);
    int from = 0;
    while (from < stream.length) {
      int n = Math.min(stream.length - from, 1 + r.nextInt(20_000));
      ch.writeInbound(Unpooled.copiedBuffer(stream, from, n));
      from += n;
    }
  }

  @Test
  void okResponsesComeOutAsBuffersWithTheExactBytes() {
    byte[] a = new byte[200_000];
    byte[] b = new byte[3];
    new Random(1).nextBytes(a);
    new Random(2).nextBytes(b);
    byte[] stream = WireHarness.encode(new ChunkResponse(7, ChunkResponse.Status.OK, a),
        new ChunkResponse(8, ChunkResponse.Status.NOT_FOUND, null), new ChunkResponse(9, ChunkResponse.Status.OK, b));
    feedInPieces(stream, 3);
    assertEquals(List.of(), errors);
    assertEquals(3, out.size());
    InboundChunk first = assertInstanceOf(InboundChunk.class, out.get(0));
    assertEquals(7, first.requestId());
    assertArrayEquals(a, bytes(first.data()));
    assertTrue(first.data().nioBufferCount() > 1,
        "a chunk that came in pieces stays in them (no merge copy): " + first.data().nioBufferCount());
    assertEquals(new ChunkResponse(8, ChunkResponse.Status.NOT_FOUND, null), out.get(1));
    InboundChunk third = assertInstanceOf(InboundChunk.class, out.get(2));
    assertArrayEquals(b, bytes(third.data()));
    ch.finish();
    first.release();
    third.release();
    assertEquals(0, first.data().refCnt(), "the receiver's release is the last one");
    assertEquals(0, third.data().refCnt());
  }

  @Test
  void anEmptyOkResponseIsRefusedAsBefore() {
    // length 6: type, requestId (4), status OK, and no data
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 6, (byte) WireFormat.TYPE_CHUNK_RESPONSE,
        0, 0, 0, 1, 0}));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).getMessage().contains("data"), errors.get(0).getMessage());
    assertEquals(List.of(), out);
  }

  private static byte[] bytes(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), b);
    return b;
  }
}
