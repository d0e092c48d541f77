package chorus.transport.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * CIDR matching for {@code allowedNetworks}. Interim: replaced by {@code chorus.core.config.Cidr} once
 * that lands. An entry that does not parse matches nothing (fail closed).
 */
final class Networks {
  private Networks() {}

  static boolean contains(String cidr, InetAddress address) {
    int slash = cidr.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    byte[] network;
    int prefix;
    try {
      String host = cidr.substring(0, slash);
      if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return false;
      }
      network = InetAddress.getByName(host).getAddress();
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length || prefix < 0 || prefix > bytes.length * 8) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
