package chorus.cli.command;

import chorus.cli.api.ApiClient;
import chorus.cli.api.ApiExitCodes;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code chorus invite}: asks the running daemon for a one-time invite and prints it. The token alone
 * goes to stdout (so {@code TOKEN=$(chorus invite)} works); what to do with it goes to stderr.
 */
@Command(name = "invite",
    description = {"Print a one-time token that lets another device join this one (the daemon must be running).",
        "On the other host: chorus join TOKEN [--path DIR]"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:failure", "2:usage", "3:refused (no config, unknown folder, bad --ttl ...)",
        "4:the daemon is not running"})
public final class InviteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--folder", paramLabel = "FOLDER", converter = FolderConverter.class,
      description = "A folder to share with the device that joins.")
  FolderId folder;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the invite stays valid: e.g. 90s, 15m, 2h, 1d (default 15m, at most 7d).")
  Duration ttl;

  @Option(names = "--address", paramLabel = "tcp://HOST:PORT", converter = AddressConverter.class,
      description = "Where the other device should connect; repeat for several."
          + " Default: the listen address, or this host's addresses when listening on all.")
  List<TcpAddress> addresses = new ArrayList<>();

  @Option(names = "--json", description = "Print the daemon's JSON answer (token, expiresAt, ...).")
  boolean json;

  private final Map<String, String> env;

  public InviteCommand() {
    this(System.getenv());
  }

  /** @param env the environment the device home is resolved from (tests pass their own) */
  public InviteCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ChorusConfig config = new ConfigStore(DeviceHome.resolve(env).configFile()).load();
      ApiClient client = ApiClient.forConfig(config);
      InviteRequest request = new InviteRequest(folder, ttl == null ? null : ttl.toSeconds(), addresses);
      String answer = client.inviteJson(request);
      InviteResponse invite = client.read(answer, InviteResponse.class);
      if (json) {
        out.println(answer);
        out.flush();
        return ApiExitCodes.OK;
      }
      out.println(invite.token());
      out.flush();
      err.println("Single use, valid until " + invite.expiresAt() + ". Dials "
          + String.join(", ", invite.addresses().stream().map(TcpAddress::toUri).toList()) + ".");
      err.println("On the other host run:");
      err.println("  chorus join " + invite.token()
          + (invite.folder() == null ? "" : " --path DIR   (DIR: where folder \"" + invite.folder() + "\" goes)"));
      err.flush();
      return ApiExitCodes.OK;
    } catch (IOException | IllegalArgumentException e) {
      return ApiExitCodes.report("invite", e, err);
    }
  }

  static final class FolderConverter implements ITypeConverter<FolderId> {
    @Override
    public FolderId convert(String value) {
      try {
        return FolderId.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class AddressConverter implements ITypeConverter<TcpAddress> {
    @Override
    public TcpAddress convert(String value) {
      try {
        TcpAddress a = TcpAddress.parseUri(value);
        if (a.port() == 0) {
          throw new TypeConversionException("address \"" + value + "\" needs a port other than 0");
        }
        return a;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, or plain seconds. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd]?)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("duration \"" + value + "\" is invalid: use e.g. 90s, 15m, 2h or 1d");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    }
  }
}
