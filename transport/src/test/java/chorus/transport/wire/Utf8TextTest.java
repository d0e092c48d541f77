package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.protocol.Hello;
import chorus.core.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakGuard.class)
class Utf8TextTest {
  private static final String EMOJI = "\uD83C\uDFB5"; // U+1F3B5, 4 UTF-8 bytes

  /** The cut NodeHost used before: one UTF-16 char at a time (could split a pair). */
  private static String oldFit(String text, int maxBytes) {
    String t = text.replaceAll("\\p{Cntrl}", " ");
    while (t.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static Message decodeOne(ByteBuf frame) {
    EmbeddedChannel in = new EmbeddedChannel(new MessageDecoder());
    in.writeInbound(frame);
    Message m = in.readInbound();
    in.finishAndReleaseAll();
    return m;
  }

  private static ByteBuf encode(Object message) {
    EmbeddedChannel out = new EmbeddedChannel(new MessageEncoder());
    assertTrue(out.writeOutbound(message));
    ByteBuf frame = out.readOutbound();
    out.finishAndReleaseAll();
    return frame;
  }

  @Test
  void anEmojiAcrossTheByteLimitIsLeftOutWholeAndTheHelloEncodes() {
    String name = "a".repeat(254) + EMOJI;
    assertTrue(hasUnpairedSurrogate(oldFit(name, WireFormat.MAX_DEVICE_NAME_BYTES)), "the old cut split the pair");
    String fitted = Utf8Text.fit(name, WireFormat.MAX_DEVICE_NAME_BYTES);
    assertEquals("a".repeat(254), fitted);

    Hello hello = new Hello(fitted, "chorus", "1.0", Hello.PROTOCOL_VERSION, "");
    assertEquals(hello, decodeOne(encode(hello)));
    assertEquals("a".repeat(252) + EMOJI, Utf8Text.fit("a".repeat(252) + EMOJI + "b", 256), "a pair that fits stays");
  }

  @Test
  void controlCharactersBecomeSpacesAsBefore() {
    String s = "a\tb\u0000c\u007fd\n\u0085e";
    assertEquals(oldFit(s, 100), Utf8Text.fit(s, 100));
    assertEquals("a b c d \u0085e", Utf8Text.fit(s, 100), "only ASCII controls, like \\p{Cntrl}");
    assertEquals("", Utf8Text.fit(null, 10));
    assertEquals("x\uFFFDy", Utf8Text.fit("x\uD800y", 10), "an unpaired surrogate, which never encoded, is replaced");
  }

  /** Every string the old cut handled (its result encodes) gives the same result now. */
  @Test
  void sameResultAsTheOldCutWheneverThatOneEncoded() {
    Random r = new Random(7);
    int[] pool = {'a', 'z', '\t', 0x7f, 0xe9, 0x3b1, 0x20ac, 0x4e2d, 0x1F3B5, 0x1F600, 0x200b, 0xfeff};
    int compared = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(40);
      for (int i = 0; i < len; i++) {
        b.appendCodePoint(pool[r.nextInt(pool.length)]);
      }
      String s = b.toString();
      int max = r.nextInt(60);
      String before = oldFit(s, max);
      String now = Utf8Text.fit(s, max);
      assertTrue(now.getBytes(StandardCharsets.UTF_8).length <= max);
      assertTrue(!hasUnpairedSurrogate(now), s);
      if (!hasUnpairedSurrogate(before)) {
        assertEquals(before, now, s + " / " + max);
        compared++;
      }
    }
    assertTrue(compared > 10_000, "compared " + compared);
  }

  @Test
  void aMapCanDropCodePointsAndTheCutStopsAtTheFirstThatDoesNotFit() {
    IntUnaryOperator dropDigits = cp -> Character.isDigit(cp) ? Utf8Text.DROP : cp;
    assertEquals("ab", Utf8Text.fit("a1b2", 10, dropDigits));
    assertEquals("ab", Utf8Text.fit("ab\u00e9c", 3, cp -> cp), "é (2 bytes) does not fit, and nothing after it");
  }

  @Test
  void aPrefixNeverEndsInsideAPair() {
    assertEquals("ab", Utf8Text.prefix("ab" + EMOJI, 3));
    assertEquals("ab" + EMOJI, Utf8Text.prefix("ab" + EMOJI + "c", 4));
    assertEquals("abc", Utf8Text.prefix("abcd", 3));
    assertEquals("ab", Utf8Text.prefix("ab", 3));
  }
}
