package chorus.transport.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the byte stream from a peer into {@link chorus.core.protocol.Message}s. One per channel: it
 * keeps the partial frame, a strict UTF-8 decoder and whether the stream has failed.
 *
 * <pre>
 * +----------------+---------+------------------------------+
 * | length u32     | type u8 | payload (length - 1 bytes)   |   big-endian, length in 1..max
 * +----------------+---------+------------------------------+
 * </pre>
 *
 * (payloads: see {@link WireFormat}). A hostile peer cannot make it buffer or allocate much: the length
 * is checked against the maximum as soon as its four bytes are in; the type, and the length against
 * the largest frame of that type, as soon as the type byte is in; every count inside a payload against
 * the bytes left in the frame before a list is allocated.
 *
 * <p>Any violation throws a {@link WireFormatException} naming the message type, the field and the bad
 * value. A stream cannot be resynchronised after that, so from then on every byte is discarded: a stream
 * of garbage yields exactly one error. A stream that ends inside a frame is an error too. Messages
 * decoded before the error are passed on before it.
 */
public final class MessageDecoder extends ByteToMessageDecoder {
  private final int maxFrameLength;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private boolean failed;

  /**
   * @param maxFrameLength the largest length field accepted, within
   *     {@link WireFormat#MIN_MAX_FRAME_LENGTH}..{@link WireFormat#MAX_FRAME_LENGTH}
   */
  public MessageDecoder(int maxFrameLength) {
    this.maxFrameLength = WireFormat.requireMaxFrameLength(maxFrameLength);
  }

  /** A decoder with the default (and largest) maximum, {@link WireFormat#MAX_FRAME_LENGTH}. */
  public MessageDecoder() {
    this(WireFormat.MAX_FRAME_LENGTH);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int readable = in.readableBytes();
    if (readable < 4) {
      return;
    }
    int start = in.readerIndex();
    long length = in.getUnsignedInt(start);
    if (length < 1 || length > maxFrameLength) {
      throw fail(in, new WireFormatException("frame length " + length + " is outside 1.." + maxFrameLength));
    }
    if (readable < 5) {
      return;
    }
    int type = in.getUnsignedByte(start + 4);
    String name = WireFormat.typeName(type);
    if (name == null) {
      throw fail(in, new WireFormatException(String.format("unknown message type 0x%02x", type)));
    }
    if (length > WireFormat.maxFrameLengthOf(type)) {
      throw fail(in, new WireFormatException(name + ": frame length " + length + " exceeds the "
          + WireFormat.maxFrameLengthOf(type) + " bytes the largest " + name + " takes"));
    }
    if (readable - 4 < length) {
      return;
    }
    ByteBuf payload = in.slice(start + WireFormat.HEADER_LENGTH, (int) length - 1);
    try {
      out.add(MessageCodec.read(type, new PayloadReader(payload, utf8)));
    } catch (WireFormatException e) {
      throw fail(in, e);
    }
    in.skipBytes(4 + (int) length);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    super.decodeLast(ctx, in, out);
    if (!failed && in.isReadable()) {
      String what = in.readableBytes() >= 4
          ? in.readableBytes() + " bytes of a " + (4 + in.getUnsignedInt(in.readerIndex())) + "-byte frame"
          : in.readableBytes() + " bytes of a frame header";
      throw fail(in, new WireFormatException("stream ended inside a frame: " + what));
    }
  }

  private WireFormatException fail(ByteBuf in, WireFormatException e) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return e;
  }
}
