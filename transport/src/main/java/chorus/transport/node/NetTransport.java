package chorus.transport.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket layer: Linux epoll where the native library loads, else Java NIO. Forcing NIO is for
 * comparison and for hosts where the native library misbehaves.
 */
public record NetTransport(
    String name,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel) {

  /** The system property that overrides the configured choice, e.g. {@code -Dchorus.transport=nio}. */
  public static final String PROPERTY = "chorus.transport";

  private static final Logger log = LoggerFactory.getLogger(NetTransport.class);

  /** Which transport to use. */
  public enum Preference {
    AUTO, EPOLL, NIO;

    public static Preference parse(String text) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "", "auto" -> AUTO;
        case "epoll" -> EPOLL;
        case "nio" -> NIO;
        default -> throw new IllegalArgumentException("transport \"" + text + "\" is invalid: use auto, epoll or nio");
      };
    }

    /** {@code configured}, unless the system property {@link #PROPERTY} says otherwise. */
    public static Preference fromSystemProperty(Preference configured) {
      String value = System.getProperty(PROPERTY);
      return value == null || value.isBlank() ? configured : parse(value);
    }
  }

  /** Resolves the preference on this machine and logs the choice. */
  public static NetTransport select(Preference preference) {
    switch (preference) {
      case NIO -> {
        log.info("network transport: NIO (forced)");
        return nio();
      }
      case EPOLL -> {
        if (!Epoll.isAvailable()) {
          throw new IllegalStateException("the epoll transport was requested but is unavailable: "
              + Epoll.unavailabilityCause());
        }
        log.info("network transport: epoll (forced)");
        return epoll();
      }
      default -> {
        if (Epoll.isAvailable()) {
          log.info("network transport: epoll");
          return epoll();
        }
        log.info("network transport: NIO (epoll unavailable: {})", String.valueOf(Epoll.unavailabilityCause()));
        return nio();
      }
    }
  }

  private static NetTransport epoll() {
    return new NetTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
  }

  private static NetTransport nio() {
    return new NetTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** A new event loop group of {@code threads} daemon threads named after {@code poolName}. */
  public EventLoopGroup newGroup(int threads, String poolName) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(poolName, true), ioHandlers);
  }
}
