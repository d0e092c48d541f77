package chorus.transport.node;

import static chorus.transport.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import chorus.core.config.DeviceConfig;
import chorus.core.port.ChunkSource;
import chorus.core.sync.ExchangeEvents;
import chorus.core.sync.IndexExchange;
import chorus.transport.peer.PeerConnection;
import chorus.transport.testing.TestNode;
import chorus.transport.tls.TlsProviderPreference;
import chorus.transport.wire.WireFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One index link per connection, over two real nodes. */
class IndexExchangeListenerTest {
  private static final ChunkSource NOTHING = (requester, hash, length, target) -> ChunkSource.Status.NOT_FOUND;
  private final TestNode a = new TestNode("alpha");
  private final TestNode b = new TestNode("beta");

  @AfterEach
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void everyMessageOfAConnectionGoesThroughTheLinkMadeWhenItConnectedUntilItCloses() {
    IndexExchange exchange = new IndexExchange(() -> a.node.config(), folder -> Optional.empty(),
        new WireBatchLimits(WireFormat.MAX_FRAME_LENGTH), Runnable::run, ExchangeEvents.NONE, e -> {
          throw e;
        });
    IndexExchangeListener listener = new IndexExchangeListener(exchange, a);
    a.start(TestNode.config("alpha", 0), TestNode.settings(TlsProviderPreference.AUTO),
        builder -> builder.chunkSource(NOTHING).listener(listener));
    a.node.applyConfig(a.node.config().withDevice(new DeviceConfig(b.id(), "beta", List.of(), List.of())));
    b.start(TestNode.config("beta", 0).withDevice(a.asDevice(true, List.of())),
        TestNode.settings(TlsProviderPreference.AUTO), NOTHING);

    await("connected", () -> a.connectedTo(b) && listener.openLinks() == 1);
    PeerConnection connection = a.node.connection(b.id()).orElseThrow();
    PeerIndexLink link = listener.linkFor(connection);
    assertSame(link, listener.linkFor(connection), "the same link, so the same write window, every time");

    b.close();
    await("the link dropped with its connection", () -> listener.openLinks() == 0);
    PeerIndexLink late = listener.linkFor(connection);
    assertNotSame(link, late, "a message racing the close gets a throwaway link");
    assertEquals(link, late, "which the exchange still takes for the same connection");
  }
}
