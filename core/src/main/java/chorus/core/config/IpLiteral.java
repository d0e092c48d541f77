package chorus.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} would resolve a name,
 * which is slow, can hang, and would let a config value mean different things on different days.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * Parses a dotted-quad IPv4 address ({@code 10.8.0.1}) or an IPv6 address ({@code fd00::1}, no brackets,
   * no zone).
   *
   * @throws IllegalArgumentException saying why {@code text} is not an IP address literal
   */
  public static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("IP address is missing");
    }
    if (text.indexOf(':') >= 0) {
      return parseV6(text);
    }
    return parseV4(text);
  }

  /** True if {@code text} parses as an IP address literal. */
  public static boolean isLiteral(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The text form of {@code address} for people and for config files: dotted quad for IPv4, RFC 5952 for
   * IPv6 (lower case, leading zeros dropped, the longest run of two or more zero groups as {@code ::}),
   * e.g. {@code ::} where the JDK writes {@code 0:0:0:0:0:0:0:0}. A scope (zone) is kept after {@code %}.
   * No brackets: {@link TcpAddress#hostPort} adds them where a port follows.
   */
  public static String text(InetAddress address) {
    if (!(address instanceof Inet6Address v6)) {
      return address.getHostAddress();
    }
    byte[] b = v6.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) { // strictly longer: the first of equal runs wins (4.2.3)
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    String jdk = v6.getHostAddress();
    int percent = jdk.indexOf('%');
    return percent < 0 ? out.toString() : out + jdk.substring(percent);
  }

  private static InetAddress parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address (expected four numbers like 10.8.0.1)");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("\"" + text + "\" is not an IP address (part " + (i + 1)
            + " \"" + p + "\" is not a number 0-255)");
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        throw new IllegalArgumentException("\"" + text + "\" is not an IP address (part " + (i + 1)
            + " \"" + p + "\" has a leading zero)");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new IllegalArgumentException("\"" + text + "\" is not an IP address (part " + (i + 1)
            + " is " + v + ", above 255)");
      }
      bytes[i] = (byte) v;
    }
    return byAddress(bytes);
  }

  private static InetAddress parseV6(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 address (unexpected '" + c + "')");
      }
    }
    InetAddress address;
    try {
      // With a ':' in it, the JDK parses the text as an IPv6 literal and never resolves it.
      address = InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 address", e);
    }
    if (!(address instanceof Inet6Address)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is an IPv4-mapped IPv6 address; write it as the IPv4 address " + address.getHostAddress());
    }
    return address;
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4-byte address was refused", e);
    }
  }
}
