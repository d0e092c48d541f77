package chorus.cli.command;

import chorus.cli.Main;
import chorus.cli.config.ConfigStore;
import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.tls.DeviceIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** A device home in a temp dir, and a way to run the real command line against it. */
final class CliHarness {
  static final String KEY = "cli-test-key-0123456789";

  final Path home;
  final DeviceId id;
  final Clock clock;

  CliHarness(Path home, TcpAddress api, Clock clock) throws IOException {
    this.home = home;
    this.clock = clock;
    DeviceIdentity identity = DeviceIdentity.generate(Instant.parse("2024-01-01T00:00:00Z"), new SecureRandom());
    Files.createDirectories(home);
    Files.writeString(home.resolve("cert.pem"), identity.certificatePem());
    Files.writeString(home.resolve("key.pem"), identity.privateKeyPem());
    this.id = identity.deviceId();
    store().save(new ChorusConfig("laptop", TcpAddress.parseUri("tcp://0.0.0.0:22200"), api, KEY,
        List.of(), List.of(), null));
  }

  /** Points this home's config at a (newly started) API server. */
  void useApi(TcpAddress api) throws IOException {
    store().update(c -> new ChorusConfig(c.deviceName(), c.listen(), api, c.apiKey(), c.folders(), c.devices(),
        c.catalog()));
  }

  ConfigStore store() {
    return new ConfigStore(home.resolve("config.json"));
  }

  record Result(int code, String out, String err) {}

  Result run(String... args) {
    Map<String, String> env = Map.of("CHORUS_HOME", home.toString());
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == StatusCommand.class) {
          return type.cast(new StatusCommand(env));
        }
        if (type == InviteCommand.class) {
          return type.cast(new InviteCommand(env));
        }
        if (type == JoinCommand.class) {
          return type.cast(new JoinCommand(env, clock));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main(), factory);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
