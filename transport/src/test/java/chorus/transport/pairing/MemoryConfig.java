package chorus.transport.pairing;

import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/** An in-memory ConfigEditor; {@code failNext} makes the next update fail as a real store would. */
final class MemoryConfig implements ConfigEditor {
  volatile ChorusConfig config;
  volatile boolean failNext;
  int updates;

  MemoryConfig(String name) {
    config = new ChorusConfig(name, TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("127.0.0.1:22201"), "0123456789abcdef0123", List.of(), List.of(), null);
  }

  @Override
  public synchronized ChorusConfig current() {
    return config;
  }

  @Override
  public synchronized ChorusConfig update(UnaryOperator<ChorusConfig> edit) throws IOException {
    if (failNext) {
      failNext = false;
      throw new IOException("disk full");
    }
    config = edit.apply(config);
    updates++;
    return config;
  }
}
