package chorus.transport.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chorus.core.config.TcpAddress;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class InviteAddressesTest {
  static List<InetAddress> addresses(String... literals) throws Exception {
    List<InetAddress> out = new java.util.ArrayList<>();
    for (String s : literals) {
      out.add(InetAddress.getByName(s));
    }
    return out;
  }

  @Test
  void aSpecificListenAddressIsUsedAsIs() throws Exception {
    TcpAddress listen = new TcpAddress("10.8.0.2", 22200);
    assertEquals(List.of(listen), InviteAddresses.forListen(listen, addresses("192.168.1.5")));
  }

  @Test
  void ipv4WildcardListsIpv4InterfacesLoopbackLast() throws Exception {
    List<TcpAddress> out = InviteAddresses.forListen(new TcpAddress("0.0.0.0", 22200),
        addresses("127.0.0.1", "fe80::1", "10.8.0.2", "2001:db8::2", "192.168.1.5", "169.254.3.4"));
    assertEquals(List.of(new TcpAddress("10.8.0.2", 22200), new TcpAddress("192.168.1.5", 22200),
        new TcpAddress("127.0.0.1", 22200)), out);
  }

  @Test
  void ipv6WildcardListsBothFamilies() throws Exception {
    List<TcpAddress> out = InviteAddresses.forListen(new TcpAddress("::", 22200),
        addresses("::1", "10.8.0.2", "2001:db8::2", "fe80::1"));
    assertEquals(List.of(new TcpAddress("10.8.0.2", 22200), new TcpAddress("2001:db8::2", 22200),
        new TcpAddress("::1", 22200)), out);
  }

  @Test
  void noUsableInterfaceFallsBackToLoopback() throws Exception {
    assertEquals(List.of(new TcpAddress("127.0.0.1", 22200)),
        InviteAddresses.forListen(new TcpAddress("0.0.0.0", 22200), List.of()));
  }

  @Test
  void theRealHostGivesDialableAddresses() throws Exception {
    List<TcpAddress> out = InviteAddresses.forListen(new TcpAddress("0.0.0.0", 22200));
    assertFalse(out.isEmpty());
    // Every address must fit in a token.
    new InviteToken(Ids.INVITER, "", out, null, PairingSecret.random(new java.security.SecureRandom()),
        java.time.Instant.now().plusSeconds(60));
  }

  @Test
  void portZeroIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> InviteAddresses.forListen(new TcpAddress("0.0.0.0", 0), List.of()));
  }
}
