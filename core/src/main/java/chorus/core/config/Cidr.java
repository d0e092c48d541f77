package chorus.core.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A network in CIDR form, e.g. {@code 10.8.0.0/24} or {@code fd00::/64}: the networks a peer's connections
 * may come from. Strict: the prefix is required, and the address must have no bits set past the prefix
 * (the error suggests the network that was probably meant), so the config says exactly what it allows.
 */
public record Cidr(InetAddress network, int prefixLength) {
  public Cidr {
    Objects.requireNonNull(network, "network");
    int maxBits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > maxBits) {
      throw new IllegalArgumentException("prefix /" + prefixLength + " is outside 0-" + maxBits);
    }
    byte[] masked = mask(network.getAddress(), prefixLength);
    if (!Arrays.equals(masked, network.getAddress())) {
      throw new IllegalArgumentException("network " + IpLiteral.text(network) + "/" + prefixLength
          + " has bits set after the /" + prefixLength + " prefix; did you mean " + format(masked) + "/" + prefixLength + "?");
    }
  }

  /**
   * Parses {@code ADDRESS/PREFIX}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("network is missing (expected CIDR like 10.8.0.0/24)");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      String hint = IpLiteral.isLiteral(text)
          ? "; for this one address write " + text + (text.contains(":") ? "/128" : "/32")
          : "";
      throw new IllegalArgumentException("network \"" + text + "\" has no /PREFIX (expected CIDR like 10.8.0.0/24" + hint + ")");
    }
    InetAddress address;
    try {
      address = IpLiteral.parse(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("network \"" + text + "\": " + e.getMessage(), e);
    }
    int maxBits = address.getAddress().length * 8;
    String prefixText = text.substring(slash + 1);
    int prefix;
    if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("network \"" + text + "\" has prefix \"" + prefixText + "\"; expected a number 0-" + maxBits);
    }
    prefix = Integer.parseInt(prefixText);
    if (prefix > maxBits) {
      throw new IllegalArgumentException("network \"" + text + "\" has prefix /" + prefix + "; the most for this address is /" + maxBits);
    }
    byte[] masked = mask(address.getAddress(), prefix);
    if (!Arrays.equals(masked, address.getAddress())) {
      throw new IllegalArgumentException("network \"" + text + "\" has bits set after the /" + prefix + " prefix; did you mean "
          + format(masked) + "/" + prefix + "?");
    }
    return new Cidr(address, prefix);
  }

  /** True if {@code address} is in this network; an address of the other IP family never is. */
  public boolean contains(InetAddress address) {
    Objects.requireNonNull(address, "address");
    byte[] bytes = address.getAddress();
    if (bytes.length != network.getAddress().length) {
      return false;
    }
    return Arrays.equals(mask(bytes, prefixLength), network.getAddress());
  }

  /** {@code ADDRESS/PREFIX}, the address in its short text form ({@link IpLiteral#text}: {@code fd00::/8}). */
  @Override
  public String toString() {
    return IpLiteral.text(network) + "/" + prefixLength;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - bitsHere)));
    }
    return out;
  }

  private static String format(byte[] bytes) {
    try {
      return IpLiteral.text(InetAddress.getByAddress(bytes));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
