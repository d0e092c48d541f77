package chorus.cli.command;

import chorus.cli.DaemonCommand;
import chorus.cli.ExitCodes;
import chorus.cli.Main;
import chorus.cli.daemon.Daemon;
import chorus.cli.daemon.DaemonOptions;
import chorus.cli.home.DeviceHome;
import chorus.cli.home.IdentityFiles;
import chorus.cli.home.RunLock;
import chorus.core.config.TcpAddress;
import chorus.transport.node.NetTransport;
import chorus.transport.tls.TlsProviderPreference;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs this device's node until SIGTERM or SIGINT. A home with neither identity nor config is created
 * first, exactly as {@code chorus init} would (same command, default options).
 */
@Command(name = "run", description = {
    "Run this device's node: connect to the configured devices, serve and fetch chunks, answer the local API.",
    "Stops cleanly on SIGTERM or Ctrl-C. Creates the device home first if there is none."})
public final class RunCommand extends ChorusCommand implements DaemonCommand {
  @Option(names = "--tls-provider", paramLabel = "auto|openssl|jdk", defaultValue = "auto",
      description = "TLS implementation: BoringSSL where it loads (auto), or forced (default: ${DEFAULT-VALUE}).")
  String tlsProvider;

  @Option(names = "--transport", paramLabel = "auto|epoll|nio", defaultValue = "auto",
      description = "Socket layer: epoll where it loads (auto), or forced (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--config-check", paramLabel = "SECONDS", defaultValue = "5",
      description = "How often config.json is checked for changes (default: ${DEFAULT-VALUE}).")
  int configCheckSeconds;

  /** Hands the running daemon to the shutdown hook, whichever comes first. */
  private static final class Shutdown {
    final CountDownLatch stopped = new CountDownLatch(1);
    private Daemon daemon;
    private boolean signalled;

    /** @return false if the signal came first (the daemon is then closed here) */
    synchronized boolean running(Daemon started) {
      if (signalled) {
        started.close();
        return false;
      }
      daemon = started;
      return true;
    }

    void run() {
      Daemon d;
      synchronized (this) {
        signalled = true;
        d = daemon;
      }
      if (d != null) {
        d.close();
      }
      stopped.countDown();
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    DaemonOptions options;
    try {
      options = new DaemonOptions(TlsProviderPreference.parse(tlsProvider), NetTransport.Preference.parse(transport),
          Duration.ofSeconds(configCheckSeconds));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    DeviceHome home = home();
    // Before the home is created or anything opened: two first runs must not both make an identity.
    RunLock lock = RunLock.acquire(home);
    try {
      if (!IdentityFiles.exists(home) && !configStore().exists()) {
        CommandLine init = Main.subcommand(spec, "init");
        ((InitCommand) init.getCommand()).summaryFollows = true;
        int code = init.execute();
        if (code != ExitCodes.OK) {
          lock.close();
          return code;
        }
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    // The hook goes in before the daemon starts: a SIGTERM at any moment from here on stops it cleanly.
    Shutdown shutdown = new Shutdown();
    Thread hook = new Thread(shutdown::run, "chorus-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Daemon daemon;
    try {
      daemon = Daemon.start(home, context(), options, lock);
    } catch (IOException | RuntimeException e) {
      lock.close(); // the daemon released it already if it got that far; closing again is harmless
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Already shutting down: nothing to remove.
      }
      throw e;
    }
    if (!shutdown.running(daemon)) {
      return ExitCodes.OK; // a signal came while starting; the daemon was closed
    }
    new RunSummary(daemon.deviceId(), daemon.node().config().deviceName(), home.dir(),
        TcpAddress.of(daemon.node().listenAddress()), daemon.api().address(), daemon.node().config()).print(out());
    try (SyncProgressLine progress = System.console() != null ? new SyncProgressLine(out(), daemon) : null) {
      shutdown.stopped.await();
    }
    return ExitCodes.OK;
  }
}
