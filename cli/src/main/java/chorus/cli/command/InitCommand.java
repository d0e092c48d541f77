package chorus.cli.command;

import chorus.cli.Converters;
import chorus.cli.ExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.cli.home.IdentityException;
import chorus.cli.home.IdentityFiles;
import chorus.core.config.CatalogConfig;
import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.tls.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Creates this device's home: a new P-384 identity (or one imported from Syncthing, keeping its device ID),
 * and a config with a fresh API key. Refuses to replace an existing identity unless {@code --force}.
 */
@Command(name = "init", description = {
    "Create this device's identity (key and certificate) and config in the device home.",
    "With --import-syncthing, take a Syncthing identity instead, so the device ID stays the same."})
public final class InitCommand extends ChorusCommand {
  static final int API_KEY_BYTES = 32;

  @Option(names = "--name", paramLabel = "NAME", description = "Device name shown to peers (default: the host name).")
  String name;

  @Option(names = "--listen", paramLabel = "tcp://HOST:PORT", defaultValue = "tcp://0.0.0.0:" + ChorusConfig.DEFAULT_LISTEN_PORT,
      description = "Where the node accepts peers (default: ${DEFAULT-VALUE}).")
  TcpAddress listen;

  @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + ChorusConfig.DEFAULT_API_PORT,
      converter = Converters.LoopbackAddress.class,
      description = "Local control API, on a loopback address (default: ${DEFAULT-VALUE}).")
  TcpAddress api;

  @Option(names = "--import-syncthing", paramLabel = "DIR",
      description = "Use DIR/cert.pem and DIR/key.pem of a Syncthing home (ECDSA, Ed25519 or RSA) instead of generating.")
  Path importDir;

  @Option(names = "--force", description = "Replace an existing identity (the device gets a new ID unless imported);"
      + " folders and devices of a readable config are kept.")
  boolean force;

  /** Set by {@code chorus run} creating a new home: its own summary names the device ID, once. */
  boolean summaryFollows;

  @Override
  public Integer call() throws IOException {
    DeviceHome home = home();
    ConfigStore store = configStore();
    if (!summaryFollows) { // chorus run holds the lock itself while it creates the home
      var running = chorus.cli.home.RunLock.holder(home);
      if (running.isPresent()) {
        // A new identity and API key under a running node would leave it unreachable by the CLI.
        throw new IdentityException("chorus is running for home " + home.dir() + " (" + running.get()
            + "); stop it before 'chorus init'");
      }
    }
    boolean hasIdentity = IdentityFiles.exists(home);
    if (!force && (hasIdentity || store.exists())) {
      throw new IdentityException(home.dir() + " already holds " + describeExisting(home, hasIdentity)
          + "; 'chorus init --force' replaces the identity (peers then see a new device)");
    }
    DeviceIdentity identity = importDir == null
        ? DeviceIdentity.generate(context().clock().instant(), context().random())
        : importSyncthing(importDir);
    ChorusConfig config = newConfig(keptFrom(store), identity.deviceId());
    String certPem = identity.certificatePem();
    String keyPem = identity.privateKeyPem();
    // Read the PEM back before writing anything, so a home is never left with an identity the node cannot load.
    DeviceId reread = DeviceIdentity.fromPem(certPem, keyPem).deviceId();
    if (!reread.equals(identity.deviceId())) {
      throw new IdentityException("the identity reads back as device " + reread + ", not " + identity.deviceId()
          + "; nothing was written");
    }
    IdentityFiles.createHome(home);
    IdentityFiles.write(home, certPem, keyPem);
    DeviceId written = IdentityFiles.readDeviceId(home);
    if (!written.equals(identity.deviceId())) {
      throw new IdentityException(home.certFile() + " reads back as device " + written + ", not "
          + identity.deviceId() + "; the identity was not written correctly");
    }
    store.save(config);
    out().println((importDir == null ? "Created" : "Imported from " + importDir + ",") + " device \""
        + config.deviceName() + "\" in " + home.dir());
    if (!summaryFollows) {
      out().println("Device ID: " + identity.deviceId());
    }
    return ExitCodes.OK;
  }

  private static String describeExisting(DeviceHome home, boolean hasIdentity) {
    if (!hasIdentity) {
      return "a config (" + home.configFile().getFileName() + ")";
    }
    try {
      return "a device identity (device ID " + IdentityFiles.readDeviceId(home) + ")";
    } catch (IOException e) {
      return "a device identity (" + home.certFile().getFileName() + " or " + home.keyFile().getFileName() + ")";
    }
  }

  private static DeviceIdentity importSyncthing(Path dir) throws IdentityException {
    Path cert = dir.resolve(DeviceHome.CERT_FILE);
    Path key = dir.resolve(DeviceHome.KEY_FILE);
    for (Path p : List.of(cert, key)) {
      if (!Files.isRegularFile(p)) {
        throw new IdentityException("cannot import from " + dir + ": " + p.getFileName()
            + " is missing (a Syncthing home holds cert.pem and key.pem)");
      }
    }
    try {
      return DeviceIdentity.load(cert, key);
    } catch (IOException | IllegalArgumentException e) {
      throw new IdentityException("cannot import from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The config that --force replaces, if it can be read; its folders and devices are kept. */
  private ChorusConfig keptFrom(ConfigStore store) {
    if (!force || !store.exists()) {
      return null;
    }
    try {
      return store.load();
    } catch (IOException e) {
      err().println("chorus: warning: the old config cannot be read, so its folders and devices are not kept: "
          + e.getMessage());
      return null;
    }
  }

  /** A config with the options given, keeping what {@code old} shares, minus ourselves as a peer. */
  private ChorusConfig newConfig(ChorusConfig old, DeviceId self) {
    String deviceName = name != null ? name.strip() : HostName.get();
    if (deviceName.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--name must not be empty");
    }
    byte[] key = new byte[API_KEY_BYTES];
    context().random().nextBytes(key);
    String apiKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    ChorusConfig kept = old == null ? null : old.withoutDevice(self); // never trust ourselves as a peer
    List<FolderConfig> folders = kept == null ? List.of() : kept.folders();
    List<DeviceConfig> devices = kept == null ? List.of() : kept.devices();
    CatalogConfig catalog = old == null ? null : old.catalog();
    return new ChorusConfig(deviceName, listen, api, apiKey, folders, devices, catalog);
  }
}
