package chorus.cli.command;

import chorus.cli.api.ApiClient;
import chorus.cli.api.ApiExitCodes;
import chorus.cli.api.ConfigStoreEditor;
import chorus.cli.api.DaemonNotRunningException;
import chorus.cli.config.ConfigException;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.transport.api.ApiJson;
import chorus.transport.pairing.Joiner;
import chorus.transport.pairing.PendingJoins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chorus join}: accepts an invite from another device. Works whether or not the daemon runs: the
 * config and the pending join are written here, then a running daemon is asked to reload.
 */
@Command(name = "join",
    description = {"Join the device that printed TOKEN with 'chorus invite': trust it, add its folder at --path,"
        + " and connect to it (now if chorus is running, else on the next 'chorus run')."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok (also when the daemon is not running: it connects when started)", "1:failure",
        "2:usage", "3:refused, nothing written (bad or expired token, bad --path, no config)"})
public final class JoinCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOKEN",
      description = "The token from 'chorus invite', or - to read it from stdin (keeps it out of the process list).")
  String token;

  @Option(names = "--path", paramLabel = "DIR",
      description = "An existing directory for the folder the invite shares.")
  Path path;

  @Option(names = "--json", description = "Print what was joined as JSON.")
  boolean json;

  private final Map<String, String> env;
  private final Clock clock;

  public JoinCommand() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** @param env the environment the device home is resolved from (tests pass their own) */
  public JoinCommand(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Joiner.Joined joined;
    ChorusConfig config;
    try {
      DeviceHome home = DeviceHome.resolve(env);
      ConfigStore store = new ConfigStore(home.configFile());
      config = store.load();
      Joiner joiner = new Joiner(selfId(home), new ConfigStoreEditor(store),
          PendingJoins.inHome(home.dir(), clock), clock);
      joined = joiner.join(token.equals("-") ? readStdin() : token, path);
    } catch (IOException | IllegalArgumentException e) {
      return ApiExitCodes.report("join", e, err);
    }

    String daemon;
    try {
      ApiClient.forConfig(config).reloadConfig();
      daemon = "reloaded";
    } catch (DaemonNotRunningException e) {
      daemon = "not running";
    } catch (IOException | IllegalArgumentException e) {
      daemon = "reload failed: " + e.getMessage();
    }

    if (json) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("device", joined.device());
      answer.put("name", joined.name());
      answer.put("addresses", joined.addresses());
      answer.put("folder", joined.folder());
      answer.put("folderPath", joined.folderPath() == null ? null : joined.folderPath().toString());
      answer.put("expiresAt", joined.expiresAt());
      answer.put("daemon", daemon);
      try {
        out.println(ApiJson.strict().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      } catch (IOException e) {
        return ApiExitCodes.report("join", e, err);
      }
      out.flush();
      return ApiExitCodes.OK;
    }

    out.println("Joined " + (joined.name().isEmpty() ? "device" : "\"" + joined.name() + "\"") + " " + joined.device());
    out.println("  dialling " + String.join(", ", joined.addresses().stream().map(TcpAddress::toUri).toList()));
    if (joined.folder() != null && joined.folderPath() != null) {
      out.println("  folder \"" + joined.folder() + "\" at " + joined.folderPath() + " is shared with it");
    } else if (joined.folder() != null) {
      out.println("  the invite offers folder \"" + joined.folder() + "\"; to sync it here, run this 'chorus join'"
          + " again with --path DIR before " + joined.expiresAt());
    }
    switch (daemon) {
      case "reloaded" -> out.println("chorus is running and connects now.");
      case "not running" -> out.println("chorus is not running at " + config.api().hostPort()
          + "; start it with 'chorus run' before " + joined.expiresAt() + ", when the invite expires.");
      default -> err.println("chorus join: warning: the config is written but the running daemon did not reload ("
          + daemon.substring("reload failed: ".length()) + "); restart it before " + joined.expiresAt());
    }
    out.flush();
    err.flush();
    return ApiExitCodes.OK;
  }

  /** This device's ID from its certificate alone: joining needs no private key. */
  private static DeviceId selfId(DeviceHome home) throws IOException {
    try (InputStream in = Files.newInputStream(home.certFile())) {
      Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
      return DeviceId.fromCertificate(cert.getEncoded());
    } catch (NoSuchFileException e) {
      throw new ConfigException("no device identity in " + home.dir() + "; run 'chorus init' first", e);
    } catch (CertificateException e) {
      throw new ConfigException(home.certFile() + " is not a readable certificate: " + e.getMessage(), e);
    }
  }

  private static String readStdin() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    char[] buf = new char[1024];
    int n;
    while ((n = in.read(buf)) > 0 && text.length() < 8192) {
      text.append(buf, 0, n);
    }
    return text.toString();
  }
}
