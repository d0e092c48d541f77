package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.protocol.Ping;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

/** The decoder's limit before and after trust, and holding back decoding. */
class DecoderLimitsTest {
  private static final byte[] PING = new Frame().frame(WireFormat.TYPE_PING);

  @Test
  void untilTrustedOnlySmallFramesAreAcceptedAndTheLimitIsCheckedOnTheHeader() {
    EmbeddedChannel ch = new EmbeddedChannel(MessageDecoder.untrusted(WireFormat.MAX_FRAME_LENGTH, 65_536));
    // Four bytes of length are enough to refuse: nothing more is waited for.
    DecoderException e = assertThrows(DecoderException.class,
        () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x01, 0x00, 0x01})));
    assertTrue(e.getMessage().contains("frame length 65537 is outside 1..65536 (the limit until the peer is trusted)"),
        e.getMessage());
    ch.finishAndReleaseAll();
  }

  @Test
  void afterTrustTheConfiguredMaximumApplies() {
    MessageDecoder decoder = MessageDecoder.untrusted(WireFormat.MAX_FRAME_LENGTH, 65_536);
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    assertEquals(65_536, decoder.currentMaxFrameLength());
    decoder.trust();
    assertEquals(WireFormat.MAX_FRAME_LENGTH, decoder.currentMaxFrameLength());
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x10, 0x00, 0x00, WireFormat.TYPE_INDEX_UPDATE}));
    assertNull(ch.readInbound(), "a 1 MiB frame is being received, not refused");
    assertTrue(ch.isOpen());
    // Ending the stream inside that frame is an error, as it must be.
    assertThrows(WireFormatException.class, ch::finishAndReleaseAll);
  }

  @Test
  void aHeldDecoderKeepsFramesAsBytesUntilResumed() {
    MessageDecoder decoder = new MessageDecoder();
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    ch.writeInbound(Unpooled.wrappedBuffer(PING));
    assertTrue(ch.readInbound() instanceof Ping);
    decoder.hold();
    ch.writeInbound(Unpooled.wrappedBuffer(Frame.concat(PING, PING, PING)));
    assertNull(ch.readInbound(), "nothing decoded while held");
    decoder.resume();
    for (int i = 0; i < 3; i++) {
      assertTrue(ch.readInbound() instanceof Ping, "ping " + i + " after resume");
    }
    assertNull(ch.readInbound());
    assertTrue(!ch.finish(), "nothing left over");
  }
}
