package chorus.core.config;

/**
 * A {@code tcp://HOST:PORT} address (IPv6 hosts in brackets), as in the config and on the command line.
 * The host may be a name; nothing is resolved here.
 */
public record TcpAddress(String host, int port) {
  public TcpAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("address has no host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
  }

  /**
   * The address of a bound or connected socket, its IP in {@link IpLiteral#text} form, so that it prints
   * as {@code [::]:22200} rather than the JDK's {@code /0:0:0:0:0:0:0:0:22200}. An unresolved address keeps
   * its host name.
   */
  public static TcpAddress of(java.net.InetSocketAddress socket) {
    java.net.InetAddress ip = socket.getAddress();
    return new TcpAddress(ip == null ? socket.getHostString() : IpLiteral.text(ip), socket.getPort());
  }

  /** Parses {@code tcp://HOST:PORT}. */
  public static TcpAddress parseUri(String text) {
    if (text == null || !text.startsWith("tcp://")) {
      throw new IllegalArgumentException("address \"" + text + "\" must look like tcp://HOST:PORT");
    }
    return parseHostPort(text.substring("tcp://".length()), text);
  }

  /** Parses {@code HOST:PORT} (no scheme), as used for the local API address. */
  public static TcpAddress parseHostPort(String text) {
    return parseHostPort(text, text);
  }

  private static TcpAddress parseHostPort(String hostPort, String original) {
    if (hostPort == null) {
      throw new IllegalArgumentException("address is missing");
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("address \"" + original + "\" needs HOST:PORT");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("address \"" + original + "\": write IPv6 hosts in brackets, e.g. [::1]:22200");
    }
    if (host.isEmpty() || host.contains("/")) {
      throw new IllegalArgumentException("address \"" + original + "\" has an invalid host");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address \"" + original + "\" has a port that is not a number", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address \"" + original + "\" has port " + port + " outside 0-65535");
    }
    return new TcpAddress(host, port);
  }

  /** {@code HOST:PORT}, brackets around IPv6. */
  public String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code tcp://HOST:PORT}. */
  public String toUri() {
    return "tcp://" + hostPort();
  }

  @Override
  public String toString() {
    return toUri();
  }
}
