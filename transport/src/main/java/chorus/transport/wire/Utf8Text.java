package chorus.transport.wire;

import java.util.function.IntUnaryOperator;

/**
 * Text we send or store that is bounded in UTF-8 bytes (a device name, a close reason): characters
 * mapped one code point at a time, then cut to a byte budget without ever splitting a surrogate pair,
 * so the result always encodes (a cut pair would make the wire encoder refuse the whole message).
 */
public final class Utf8Text {
  /** Returned by a mapping to leave a code point out. */
  public static final int DROP = -1;

  private Utf8Text() {}

  /**
   * {@code text} as a wire label: each ASCII control character (U+0000-U+001F, U+007F) becomes a space,
   * an unpaired surrogate becomes U+FFFD, and the result is cut to at most {@code maxBytes} of UTF-8 at a
   * code point boundary. Null gives "".
   */
  public static String fit(String text, int maxBytes) {
    return fit(text, maxBytes, Utf8Text::labelChar);
  }

  /**
   * {@code text} with each code point replaced by {@code map} (or left out if it returns {@link #DROP}),
   * cut before the first code point that would take it past {@code maxBytes} of UTF-8. Null gives "".
   * An unpaired surrogate the map keeps counts as 1 byte, as {@code String.getBytes} writes it ('?').
   */
  public static String fit(String text, int maxBytes, IntUnaryOperator map) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is negative");
    }
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxBytes));
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int mapped = map.applyAsInt(cp);
      if (mapped == DROP) {
        continue;
      }
      int len = utf8Length(mapped);
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      out.appendCodePoint(mapped);
    }
    return out.toString();
  }

  /** The first {@code maxChars} UTF-16 chars of {@code text}, one fewer if that would split a pair. */
  public static String prefix(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** UTF-8 bytes of one code point; an unpaired surrogate counts 1, as Java's encoder replaces it with '?'. */
  static int utf8Length(int cp) {
    if (cp < 0x80) {
      return 1;
    } else if (cp < 0x800) {
      return 2;
    } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
      return 1;
    } else if (cp < 0x10000) {
      return 3;
    }
    return 4;
  }

  private static int labelChar(int cp) {
    if (cp < 0x20 || cp == 0x7f) {
      return ' ';
    }
    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
      return 0xFFFD;
    }
    return cp;
  }
}
