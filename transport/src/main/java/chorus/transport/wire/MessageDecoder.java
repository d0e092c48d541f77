package chorus.transport.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * the bytes left in the frame before a list is allocated. Until the peer is trusted the maximum is small
 * ({@link #untrusted}, {@link #trust()}), so a stranger cannot make it buffer a large frame at all.
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
  /** The largest length accepted now: small until the peer is trusted. Event loop only. */
  private int limit;
  private boolean failed;
  private boolean held;
  private boolean chunksInBuffers;
  private ChannelHandlerContext context;

  /**
   * A decoder that trusts its peer from the start (tests, and streams whose peer is known).
   *
   * @param maxFrameLength the largest length field accepted, within
   *     {@link WireFormat#MIN_MAX_FRAME_LENGTH}..{@link WireFormat#MAX_FRAME_LENGTH}
   */
  public MessageDecoder(int maxFrameLength) {
    this.maxFrameLength = WireFormat.requireMaxFrameLength(maxFrameLength);
    this.limit = this.maxFrameLength;
  }

  /**
   * A decoder for a peer not yet trusted: frames above {@code untrustedMaxFrameLength} are refused until
   * {@link #trust()} raises the limit to {@code maxFrameLength}.
   */
  public static MessageDecoder untrusted(int maxFrameLength, int untrustedMaxFrameLength) {
    MessageDecoder d = new MessageDecoder(maxFrameLength);
    if (untrustedMaxFrameLength < 1 || untrustedMaxFrameLength > d.maxFrameLength) {
      throw new IllegalArgumentException("untrusted maximum frame length " + untrustedMaxFrameLength
          + " is outside 1.." + d.maxFrameLength);
    }
    d.limit = untrustedMaxFrameLength;
    return d;
  }

  /**
   * From now on an OK ChunkResponse is passed on as an {@link InboundChunk}, its data a retained slice of
   * the received bytes, instead of a {@link chorus.core.protocol.ChunkResponse} with a copy on the heap.
   * The handler that receives one owns it and releases it. Returns this decoder.
   */
  public MessageDecoder chunksInBuffers() {
    chunksInBuffers = true;
    // The TLS records a frame arrives in are kept as they are, not copied into one buffer: merging cost a
    // 3 GB pull a copy of every byte and a zeroed 128 KiB allocation per chunk (1.3 of the receiver's 3.4
    // event-loop CPU-s). The chunk's data is then a slice over several buffers (ChunkBytes#buffers).
    setCumulator(COMPOSITE_CUMULATOR);
    return this;
  }

  /** The peer is accepted: frames up to the configured maximum are decoded from now on. Event loop. */
  public void trust() {
    limit = maxFrameLength;
  }

  /** The largest frame length accepted now. */
  public int currentMaxFrameLength() {
    return limit;
  }

  /**
   * Stops decoding: frames already received stay buffered, undecoded, until {@link #resume()}. With the
   * channel's autoRead off too, a peer sending faster than we can handle its messages is held back by TCP,
   * and nothing already read slips past. Event loop only.
   */
  public void hold() {
    held = true;
  }

  /** Decodes again, starting with what was buffered while held. Event loop only. */
  public void resume() {
    if (!held) {
      return;
    }
    held = false;
    if (context != null && !context.isRemoved()) {
      try {
        channelRead(context, Unpooled.EMPTY_BUFFER); // decodes what is buffered, passing messages on
        channelReadComplete(context);
      } catch (Exception e) {
        context.fireExceptionCaught(e);
      }
    }
  }

  /** True while {@link #hold()} is in force. */
  public boolean isHeld() {
    return held;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    context = ctx;
    super.handlerAdded(ctx);
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
    if (held) {
      return; // nothing consumed: ByteToMessageDecoder stops its loop and keeps the bytes
    }
    int readable = in.readableBytes();
    if (readable < 4) {
      return;
    }
    int start = in.readerIndex();
    long length = in.getUnsignedInt(start);
    if (length < 1 || length > limit) {
      throw fail(in, new WireFormatException("frame length " + length + " is outside 1.." + limit
          + (limit < maxFrameLength ? " (the limit until the peer is trusted)" : "")));
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
      // Room for the whole frame at once: a 128 KiB chunk arrives as eight TLS records, and growing the
      // cumulation by doubling for each copied the bytes received so far again (about twice the chunk).
      if (!(in instanceof io.netty.buffer.CompositeByteBuf) && in.refCnt() == 1 && !in.isReadOnly()) {
        in.ensureWritable((int) (4 + length - readable), false);
      }
      return;
    }
    ByteBuf payload = in.slice(start + WireFormat.HEADER_LENGTH, (int) length - 1);
    try {
      PayloadReader reader = new PayloadReader(payload, utf8);
      out.add(chunksInBuffers && type == WireFormat.TYPE_CHUNK_RESPONSE
          ? MessageCodec.readChunkResponseInBuffer(reader)
          : MessageCodec.read(type, reader));
    } catch (WireFormatException e) {
      throw fail(in, e);
    }
    in.skipBytes(4 + (int) length);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (held) {
      return; // the connection closes while we hold back its messages: they are dropped, not an error
    }
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
