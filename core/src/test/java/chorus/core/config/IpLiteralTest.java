package chorus.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}
