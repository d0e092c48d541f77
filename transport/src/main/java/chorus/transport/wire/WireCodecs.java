package chorus.transport.wire;

import io.netty.channel.ChannelPipeline;

/** Puts the chorus codec into a pipeline, under the names other handlers refer to. */
public final class WireCodecs {
  public static final String DECODER = "decoder";
  public static final String ENCODER = "encoder";

  private static final MessageEncoder DEFAULT_ENCODER = new MessageEncoder();

  private WireCodecs() {}

  /**
   * Adds a new {@link MessageDecoder} as {@value #DECODER} and a {@link MessageEncoder} as
   * {@value #ENCODER} at the end of {@code p} (after TLS).
   */
  public static ChannelPipeline install(ChannelPipeline p, int maxFrameLength) {
    MessageEncoder encoder = maxFrameLength == WireFormat.MAX_FRAME_LENGTH
        ? DEFAULT_ENCODER
        : new MessageEncoder(maxFrameLength);
    return p.addLast(DECODER, new MessageDecoder(maxFrameLength)).addLast(ENCODER, encoder);
  }

  /** {@link #install(ChannelPipeline, int)} with {@link WireFormat#MAX_FRAME_LENGTH}. */
  public static ChannelPipeline install(ChannelPipeline p) {
    return install(p, WireFormat.MAX_FRAME_LENGTH);
  }
}
