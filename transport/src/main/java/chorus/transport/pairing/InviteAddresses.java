package chorus.transport.pairing;

import chorus.core.config.TcpAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which addresses an invite tells the joiner to dial: the listen address itself, or, when the node
 * listens on a wildcard, every usable address of this host's interfaces with loopback last (a joiner on
 * the same host is rare; one elsewhere must not try 127.0.0.1 first). Link-local and multicast
 * addresses are left out: they need a scope or mean nothing to a dialler.
 */
public final class InviteAddresses {
  private InviteAddresses() {}

  /** Uses this host's network interfaces. */
  public static List<TcpAddress> forListen(TcpAddress listen) throws SocketException {
    if (!isWildcard(listen.host())) {
      return forListen(listen, List.of());
    }
    List<InetAddress> all = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp()) {
        all.addAll(Collections.list(nif.getInetAddresses()));
      }
    }
    return forListen(listen, all);
  }

  /**
   * @param listen the address the node is bound to (the real port, not 0)
   * @param interfaceAddresses this host's addresses, used when {@code listen} is a wildcard
   */
  public static List<TcpAddress> forListen(TcpAddress listen, List<InetAddress> interfaceAddresses) {
    if (listen.port() == 0) {
      throw new IllegalArgumentException("the listen port is 0; pass the port actually bound");
    }
    if (!isWildcard(listen.host())) {
      return List.of(listen);
    }
    boolean ipv4Only = listen.host().equals("0.0.0.0");
    List<TcpAddress> first = new ArrayList<>();
    List<TcpAddress> loopback = new ArrayList<>();
    for (InetAddress a : interfaceAddresses) {
      if (a.isLinkLocalAddress() || a.isMulticastAddress() || a.isAnyLocalAddress()
          || (ipv4Only && !(a instanceof Inet4Address))) {
        continue;
      }
      String host = chorus.core.config.IpLiteral.text(a); // short form: the token carries it
      int scope = host.indexOf('%');
      TcpAddress t = new TcpAddress(scope < 0 ? host : host.substring(0, scope), listen.port());
      List<TcpAddress> bucket = a.isLoopbackAddress() ? loopback : first;
      if (!bucket.contains(t)) {
        bucket.add(t);
      }
    }
    List<TcpAddress> out = new ArrayList<>(first);
    out.addAll(loopback);
    if (out.isEmpty()) {
      out.add(new TcpAddress(ipv4Only ? "127.0.0.1" : "::1", listen.port()));
    }
    return List.copyOf(out.subList(0, Math.min(out.size(), InviteToken.MAX_ADDRESSES)));
  }

  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }
}
