package chorus.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpLiteralTest {
  @Test
  void parsesBothFamilies() {
    assertArrayEquals(new byte[] {10, 8, 0, 1}, IpLiteral.parse("10.8.0.1").getAddress());
    assertTrue(IpLiteral.parse("::1").isLoopbackAddress());
    assertTrue(IpLiteral.parse("127.0.0.2").isLoopbackAddress());
  }

  @Test
  void neverResolvesNames() {
    // A name must be refused, not looked up: "localhost" would otherwise parse.
    assertFalse(IpLiteral.isLiteral("localhost"));
    assertFalse(IpLiteral.isLiteral("example.org"));
    assertThrows(IllegalArgumentException.class, () -> IpLiteral.parse("1.2.3"));
    assertThrows(IllegalArgumentException.class, () -> IpLiteral.parse("[::1]"));
  }

  @Test
  void writesIpv6TheShortWayOfRfc5952() {
    assertEquals("::", IpLiteral.text(IpLiteral.parse("0:0:0:0:0:0:0:0")));
    assertEquals("::1", IpLiteral.text(IpLiteral.parse("0:0:0:0:0:0:0:1")));
    assertEquals("2001:db8::2", IpLiteral.text(IpLiteral.parse("2001:0DB8:0:0:0:0:0:2")));
    assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.text(IpLiteral.parse("2001:db8:0:1:1:1:1:1")), "one zero group stays");
    assertEquals("2001:0:0:1::1", IpLiteral.text(IpLiteral.parse("2001:0:0:1:0:0:0:1")), "the longest run");
    assertEquals("2001:db8::1:0:0:1", IpLiteral.text(IpLiteral.parse("2001:db8:0:0:1:0:0:1")), "the first of equal runs");
    assertEquals("fd00::", IpLiteral.text(IpLiteral.parse("fd00:0:0:0:0:0:0:0")));
    assertEquals("10.8.0.1", IpLiteral.text(IpLiteral.parse("10.8.0.1")));
  }

  @Test
  void socketAddressesPrintWithBracketsAroundIpv6() {
    assertEquals("[::]:22200", TcpAddress.of(new java.net.InetSocketAddress(IpLiteral.parse("::"), 22200)).hostPort());
    assertEquals("tcp://[::1]:22201", TcpAddress.of(new java.net.InetSocketAddress(IpLiteral.parse("::1"), 22201)).toUri());
    assertEquals("127.0.0.1:22201", TcpAddress.of(new java.net.InetSocketAddress(IpLiteral.parse("127.0.0.1"), 22201)).hostPort());
    assertEquals("[fd00::5]:22200", TcpAddress.of(java.net.InetSocketAddress.createUnresolved("fd00::5", 22200)).hostPort());
  }
}
