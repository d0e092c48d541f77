package chorus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CidrTest {
  static InetAddress ip(String text) {
    return IpLiteral.parse(text);
  }

  @Test
  void containsAddressesInsideTheIpv4Prefix() {
    Cidr net = Cidr.parse("10.8.0.0/24");
    assertTrue(net.contains(ip("10.8.0.0")));
    assertTrue(net.contains(ip("10.8.0.77")));
    assertTrue(net.contains(ip("10.8.0.255")));
    assertFalse(net.contains(ip("10.8.1.0")));
    assertFalse(net.contains(ip("10.7.255.255")));
    assertEquals("10.8.0.0/24", net.toString());
  }

  @Test
  void prefixesThatDoNotFallOnAByteBoundary() {
    Cidr net = Cidr.parse("192.168.4.0/22");
    assertTrue(net.contains(ip("192.168.7.255")));
    assertFalse(net.contains(ip("192.168.8.0")));
    assertFalse(net.contains(ip("192.168.3.255")));
    Cidr one = Cidr.parse("10.0.0.5/32");
    assertTrue(one.contains(ip("10.0.0.5")));
    assertFalse(one.contains(ip("10.0.0.4")));
    Cidr all = Cidr.parse("0.0.0.0/0");
    assertTrue(all.contains(ip("203.0.113.9")));
  }

  @Test
  void ipv6() {
    Cidr net = Cidr.parse("fd00:1:2::/48");
    assertTrue(net.contains(ip("fd00:1:2:ffff::1")));
    assertFalse(net.contains(ip("fd00:1:3::1")));
    assertTrue(Cidr.parse("::1/128").contains(ip("::1")));
  }

  @Test
  void anAddressOfTheOtherFamilyIsNeverContained() {
    assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
    assertFalse(Cidr.parse("::/0").contains(ip("127.0.0.1")));
  }

  @Test
  void equalNetworksAreEqual() {
    assertEquals(Cidr.parse("10.8.0.0/24"), Cidr.parse("10.8.0.0/24"));
    assertEquals(Cidr.parse("fd00::/8"), Cidr.parse("FD00:0::/8"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.8.0.0|has no /PREFIX",
      "10.8.0.5|10.8.0.5/32",
      "10.8.0.0/|prefix \"\"",
      "10.8.0.0/33|the most for this address is /32",
      "fd00::/129|the most for this address is /128",
      "10.8.0.0/-1|prefix \"-1\"",
      "10.8.0.0/2x|prefix \"2x\"",
      "10.8.0.5/24|did you mean 10.8.0.0/24?",
      "10.8.0/24|expected four numbers",
      "10.8.0.256/32|above 255",
      "10.08.0.0/16|leading zero",
      "vpn.example/24|is not an IP address",
      "fe80::1%eth0/64|unexpected '%'",
      "::ffff:10.0.0.0/104|IPv4-mapped",
      "fd00:::1/64|is not an IPv6 address",
  })
  void rejectsWithAReason(String text, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void rejectsNothingAtAll() {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null));
  }

  @Test
  void theConstructorChecksToo() {
    assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("10.0.0.1"), 8));
    assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("10.0.0.0"), 33));
    assertEquals(Cidr.parse("10.0.0.0/8"), new Cidr(ip("10.0.0.0"), 8));
  }
}
