package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.cli.api.ConfigStoreEditor;
import chorus.cli.api.DaemonNotRunningException;
import chorus.cli.config.ConfigException;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.cli.home.IdentityFiles;
import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.transport.api.ApiJson;
import chorus.transport.pairing.Joiner;
import chorus.transport.pairing.PendingJoins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chorus join}: accepts an invite from another device. Works whether or not the daemon runs: the
 * config and the pending join are written here, then a running daemon is asked to reload. A refused
 * invite or {@code --path} is a config refusal ({@link ExitCodes#CONFIG}): nothing is written.
 */
@Command(name = "join",
    description = {"Join the device that printed TOKEN with 'chorus invite': trust it, add its folder at --path,"
        + " and connect to it (now if chorus is running, else on the next 'chorus run').",
        "Exits 0 also when chorus is not running: it connects when started."})
public final class JoinCommand extends ChorusCommand {
  @Parameters(index = "0", paramLabel = "TOKEN",
      description = "The token from 'chorus invite', or - to read it from stdin (keeps it out of the process list).")
  String token;

  @Option(names = "--path", paramLabel = "DIR",
      description = "An existing directory for the folder the invite shares.")
  Path path;

  @Option(names = "--json", description = "Print what was joined as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = out();
    PrintWriter err = err();
    DeviceHome home = home();
    Clock clock = context().clock();
    ConfigStore store = configStore();
    ChorusConfig config = store.load();
    // Joining needs only this device's ID, read from the certificate: no private key, no crypto provider.
    Joiner joiner = new Joiner(IdentityFiles.readDeviceId(home), new ConfigStoreEditor(store),
        PendingJoins.inHome(home.dir(), clock), clock);
    Joiner.Joined joined;
    try {
      joined = joiner.join(token.equals("-") ? readStdin() : token, path);
    } catch (IllegalArgumentException e) {
      // A bad, expired or own invite, or a bad --path: refused before anything was written.
      throw new ConfigException(e.getMessage(), e);
    }

    String daemon;
    String reloadFailure = null;
    try {
      ApiClient.forConfig(config).reloadConfig();
      daemon = "reloaded";
    } catch (DaemonNotRunningException e) {
      daemon = "not running";
    } catch (IOException | IllegalArgumentException e) {
      reloadFailure = e.getMessage();
      daemon = "reload failed: " + reloadFailure;
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
      out.println(ApiJson.strict().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      out.flush();
      return ExitCodes.OK;
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
          + reloadFailure + "); restart it before " + joined.expiresAt());
    }
    out.flush();
    err.flush();
    return ExitCodes.OK;
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
