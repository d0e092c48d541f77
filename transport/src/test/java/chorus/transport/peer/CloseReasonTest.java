package chorus.transport.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.protocol.Close;
import chorus.transport.wire.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reason a {@link PeerConnection} puts in its {@link Close}. */
class CloseReasonTest {
  private static final String EMOJI = "\uD83C\uDFB5";

  /** The reason cut used before: could split a pair at char 300. */
  private static String oldShorten(String reason) {
    String r = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", " ");
    if (r.length() > 300) {
      r = r.substring(0, 300) + "...";
    }
    return r;
  }

  private static void assertEncodes(String reason) {
    EmbeddedChannel out = new EmbeddedChannel(new MessageEncoder());
    assertTrue(out.writeOutbound(new Close(reason)));
    ByteBuf frame = out.readOutbound();
    assertTrue(frame.readableBytes() > reason.length());
    frame.release();
    out.finishAndReleaseAll();
  }

  @Test
  void anEmojiAtTheCharLimitIsLeftOutWholeAndTheCloseEncodes() {
    String reason = "a".repeat(299) + EMOJI + " and more";
    String shortened = PeerConnection.shorten(reason);
    assertEquals("a".repeat(299) + "...", shortened);
    assertEncodes(shortened);
    assertEncodes(PeerConnection.shorten(EMOJI.repeat(400)));
  }

  @Test
  void controlCharactersBecomeSpacesAndLongReasonsAreCutAsBefore() {
    assertEquals("bad  frame x", PeerConnection.shorten("bad\r\nframe\u007fx"));
    assertEquals("", PeerConnection.shorten(null));
    String longOne = "\u4e2d".repeat(500);
    assertEquals("\u4e2d".repeat(300) + "...", PeerConnection.shorten(longOne));
    assertEncodes(PeerConnection.shorten(longOne));
  }

  @Test
  void sameResultAsBeforeWheneverThePairWasNotSplit() {
    Random r = new Random(3);
    int[] pool = {'a', '\n', 0xe9, 0x20ac, 0x1F3B5};
    for (int n = 0; n < 2000; n++) {
      StringBuilder b = new StringBuilder();
      int len = 250 + r.nextInt(100);
      for (int i = 0; i < len; i++) {
        b.appendCodePoint(pool[r.nextInt(pool.length)]);
      }
      String s = b.toString();
      boolean splitBefore = s.length() > 300 && Character.isHighSurrogate(s.charAt(299));
      if (!splitBefore) {
        assertEquals(oldShorten(s), PeerConnection.shorten(s));
      }
    }
  }
}
