package chorus.cli.command;

import chorus.cli.Converters;
import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code chorus invite}: asks the running daemon for a one-time invite and prints it. The token alone
 * goes to stdout (so {@code TOKEN=$(chorus invite)} works); what to do with it goes to stderr.
 */
@Command(name = "invite",
    description = {"Print a one-time token that lets another device join this one (the daemon must be running).",
        "On the other host: chorus join TOKEN [--path DIR]"})
public final class InviteCommand extends ChorusCommand {
  @Option(names = "--folder", paramLabel = "FOLDER", description = "A folder to share with the device that joins.")
  FolderId folder;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the invite stays valid: e.g. 90s, 15m, 2h, 1d (default 15m, at most 7d).")
  Duration ttl;

  @Option(names = "--address", paramLabel = "tcp://HOST:PORT", converter = Converters.DialAddress.class,
      description = "Where the other device should connect; repeat for several."
          + " Default: the listen address, or this host's addresses when listening on all.")
  List<TcpAddress> addresses = new ArrayList<>();

  @Option(names = "--json", description = "Print the daemon's JSON answer (token, expiresAt, ...).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ApiClient client = ApiClient.forConfig(configStore().load());
    InviteRequest request = new InviteRequest(folder, ttl == null ? null : ttl.toSeconds(), addresses);
    String answer = client.inviteJson(request);
    InviteResponse invite = client.read(answer, InviteResponse.class);
    if (json) {
      out().println(answer);
      out().flush();
      return ExitCodes.OK;
    }
    out().println(invite.token());
    out().flush();
    err().println("Single use, valid until " + invite.expiresAt() + ". Dials "
        + String.join(", ", invite.addresses().stream().map(TcpAddress::toUri).toList()) + ".");
    err().println("On the other host run:");
    err().println("  chorus join " + invite.token()
        + (invite.folder() == null ? "" : " --path DIR   (DIR: where folder \"" + invite.folder() + "\" goes)"));
    err().flush();
    return ExitCodes.OK;
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
