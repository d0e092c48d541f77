package chorus.transport.api;

import chorus.core.config.TcpAddress;
import chorus.transport.node.Executors2;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local control API: HTTP/1.1 and JSON on a loopback address only. The pipeline, top to bottom:
 *
 * <pre>
 *  HttpServerCodec → read timeout → {@link ApiGate} (API key, Content-Length, before any body is read)
 *  → {@link ApiBodyAggregator} (max {@value #MAX_BODY_BYTES} bytes, 413 as JSON)
 *  → {@link ApiDispatcher} (route, 404/405, handler on the executor, one request at a time per connection)
 * </pre>
 *
 * Handlers run on a small bounded executor, so they may block; the event loop never does. A handler
 * that throws gets a 500 and the server goes on serving.
 */
public final class ApiServer implements AutoCloseable {
  public static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_INITIAL_LINE = 4096;
  static final int MAX_HEADER_BYTES = 8192;
  static final int READ_TIMEOUT_SECONDS = 60;
  private static final int HANDLER_THREADS = 2;
  private static final int HANDLER_QUEUE = 64;

  private final EventLoopGroup group;
  private final ExecutorService handlers;
  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApiServer(EventLoopGroup group, ExecutorService handlers, Channel serverChannel, ChannelGroup connections) {
    this.connections = connections;
    this.group = group;
    this.handlers = handlers;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds and starts serving. Port 0 lets the OS choose; {@link #address()} tells which.
   *
   * @throws IllegalArgumentException if {@code address} is not a loopback address, the key is too short,
   *     or two routes share a method and path
   * @throws IOException if the address cannot be bound (e.g. in use)
   */
  public static ApiServer start(TcpAddress address, String apiKey, List<Route> routes) throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(apiKey, "apiKey");
    InetAddress host = requireLoopback(address);
    ApiKey key = new ApiKey(apiKey);
    RouteTable table = new RouteTable(routes);

    EventLoopGroup group = new MultiThreadIoEventLoopGroup(
        1, new DefaultThreadFactory("chorus-api-io", true), NioIoHandler.newFactory());
    ExecutorService handlers = Executors2.bounded("chorus-api", HANDLER_THREADS, HANDLER_QUEUE);
    ChannelGroup connections = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    try {
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              connections.add(ch);
              initPipeline(ch.pipeline(), key, table, handlers, MAX_BODY_BYTES, true);
            }
          });
      Channel channel = bootstrap.bind(new InetSocketAddress(host, address.port())).sync().channel();
      return new ApiServer(group, handlers, channel, connections);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown(group, handlers);
      throw new IOException("interrupted while binding the local API to " + address.hostPort(), e);
    } catch (RuntimeException e) {
      shutdown(group, handlers);
      throw e;
    } catch (Exception e) {
      // bind() reports socket errors (address in use, ...) as checked exceptions through sync().
      shutdown(group, handlers);
      throw new IOException("cannot serve the local API on " + address.hostPort() + ": " + e.getMessage(), e);
    }
  }

  /** The pipeline of one connection; without {@code network}, no codec or timeout (for EmbeddedChannel tests). */
  static void initPipeline(
      ChannelPipeline p, ApiKey key, RouteTable table, Executor handlers, int maxBody, boolean network) {
    if (network) {
      p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
      p.addLast("timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS));
    }
    p.addLast("gate", new ApiGate(key, maxBody));
    p.addLast("aggregate", new ApiBodyAggregator(maxBody));
    p.addLast("dispatch", new ApiDispatcher(table, handlers));
  }

  /** The address actually bound (with the OS-chosen port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** {@link #localAddress()} as a {@link TcpAddress}, e.g. for a client. */
  public TcpAddress address() {
    return TcpAddress.of(localAddress());
  }

  /** Stops accepting, closes connections and waits briefly for running handlers. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    // Closed while the event loop runs, so each connection's close listeners run too: a long poll's
    // wait is cancelled instead of being left registered with the feed.
    connections.close().awaitUninterruptibly();
    shutdown(group, handlers);
  }

  private static void shutdown(EventLoopGroup group, ExecutorService handlers) {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdown();
    try {
      if (!handlers.awaitTermination(2, TimeUnit.SECONDS)) {
        handlers.shutdownNow();
      }
    } catch (InterruptedException e) {
      handlers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The API key travels in clear text and the API can change the config: it must never be reachable
   * from another host.
   */
  static InetAddress requireLoopback(TcpAddress address) {
    InetAddress[] resolved;
    try {
      resolved = InetAddress.getAllByName(address.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("local API address " + address.hostPort() + ": unknown host", e);
    }
    for (InetAddress a : resolved) {
      if (!a.isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to serve the local API on " + address.hostPort()
            + ": it is not a loopback address (use 127.0.0.1 or [::1]); the API key would cross the network");
      }
    }
    return resolved[0];
  }
}
