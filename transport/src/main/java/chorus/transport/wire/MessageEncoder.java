package chorus.transport.wire;

import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Turns {@link Message}s and {@link OutboundChunk}s into frames (layout in {@link WireFormat}); passes
 * anything else on untouched. Stateless, so one instance serves every channel.
 *
 * <pre>
 * Message        one buffer, allocated at the measured size:
 *                +------------+---------+---------+
 *                | length u32 | type u8 | payload |
 *                +------------+---------+---------+
 * OutboundChunk  a composite of a 10-byte header and the caller's data buffer, not copied:
 *                +------------+------+---------------+-----------+  +----------------------+
 *                | length u32 | 0x05 | requestId i32 | status 00 |  | data (caller's buf)  |
 *                +------------+------+---------------+-----------+  +----------------------+
 *                (an OK ChunkResponse's byte[] is wrapped the same way, without a copy)
 * </pre>
 *
 * <p>Each message becomes exactly one outbound buffer, written in the order the messages came, so
 * ordering and write promises are those of the messages. A message the wire cannot carry (a string
 * over its limit, a frame over the maximum, an OK response without data) fails its write with an
 * {@link io.netty.handler.codec.EncoderException} naming the field; nothing is sent for it and its
 * buffers are released.
 */
@Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Object> {
  private final int maxFrameLength;

  /**
   * @param maxFrameLength the largest frame length field to send, within
   *     {@link WireFormat#MIN_MAX_FRAME_LENGTH}..{@link WireFormat#MAX_FRAME_LENGTH}
   */
  public MessageEncoder(int maxFrameLength) {
    super(Object.class);
    this.maxFrameLength = WireFormat.requireMaxFrameLength(maxFrameLength);
  }

  /** An encoder with the default (and largest) maximum, {@link WireFormat#MAX_FRAME_LENGTH}. */
  public MessageEncoder() {
    this(WireFormat.MAX_FRAME_LENGTH);
  }

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof Message || msg instanceof OutboundChunk;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    // Added only once complete: MessageToMessageEncoder would still write a partial output list.
    out.add(frame(ctx.alloc(), msg));
  }

  /**
   * The frame of one message or chunk, owned by the caller. An OutboundChunk's data is retained for the
   * frame (the chunk keeps its own reference).
   */
  ByteBuf frame(ByteBufAllocator alloc, Object msg) {
    if (msg instanceof OutboundChunk c) {
      return chunkFrame(alloc, c.requestId(), c.data().retainedDuplicate());
    }
    Message m = (Message) msg;
    if (m instanceof ChunkResponse r && r.status() == ChunkResponse.Status.OK && r.data().length > 0) {
      return chunkFrame(alloc, r.requestId(), Unpooled.wrappedBuffer(r.data()));
    }
    byte type = MessageCodec.typeOf(m);
    long frameLength = 1 + MessageCodec.payloadLength(m);
    if (frameLength > maxFrameLength) {
      throw new IllegalArgumentException(WireFormat.typeName(type) + " frame of " + frameLength
          + " bytes exceeds the maximum " + maxFrameLength
          + (m instanceof IndexUpdate ? "; send fewer records per batch (see WireSizes)" : ""));
    }
    ByteBuf buf = alloc.ioBuffer(4 + (int) frameLength);
    try {
      buf.writeInt((int) frameLength);
      buf.writeByte(type);
      MessageCodec.writePayload(buf, m);
      if (buf.readableBytes() != 4 + frameLength) {
        throw new IllegalStateException(WireFormat.typeName(type) + " measured " + (4 + frameLength)
            + " bytes but wrote " + buf.readableBytes());
      }
      return buf;
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Header + data as one composite; takes ownership of {@code data}. */
  private static ByteBuf chunkFrame(ByteBufAllocator alloc, int requestId, ByteBuf data) {
    ByteBuf header = null;
    try {
      header = alloc.ioBuffer(WireFormat.CHUNK_RESPONSE_HEADER_LENGTH);
      header.writeInt(WireFormat.CHUNK_RESPONSE_HEADER_LENGTH - 4 + data.readableBytes());
      header.writeByte(WireFormat.TYPE_CHUNK_RESPONSE);
      header.writeInt(requestId);
      header.writeByte(ChunkResponse.Status.OK.code());
      CompositeByteBuf frame = alloc.compositeBuffer(2);
      return frame.addComponents(true, header, data);
    } catch (RuntimeException | Error e) {
      if (header != null) {
        header.release();
      }
      data.release();
      throw e;
    }
  }
}
