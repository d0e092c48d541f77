package chorus.cli.command;

import chorus.cli.CliRun;
import chorus.cli.config.ConfigStore;
import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.tls.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

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
    store().edit(c -> new ChorusConfig(c.deviceName(), c.listen(), api, c.apiKey(), c.folders(), c.devices(),
        c.catalog()));
  }

  ConfigStore store() {
    return new ConfigStore(home.resolve("config.json"));
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code chorus ARGS} through {@link chorus.cli.Main#execute} with this home and this clock. */
  Result run(String... args) {
    CliRun.Result r = new CliRun(home).clock(clock).run(args);
    return new Result(r.code(), r.out(), r.err());
  }
}
