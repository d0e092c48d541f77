package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.cli.api.EventText;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiJson;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.EventsReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chorus events}: the running daemon's change feed, from a position on; with {@code --follow} it
 * keeps long-polling for new entries. Entries go to stdout (one line, or one JSON object per line with
 * {@code --json}); a gap (entries the daemon no longer holds) is reported on stderr.
 */
@Command(name = "events",
    description = {"Print the changes the running daemon recorded (added, modified, deleted, renamed, conflict copies).",
        "Each line starts with the entry's sequence number: pass the last one to --since to go on from there."})
public final class EventsCommand extends ChorusCommand {
  /** Entries asked for per request. */
  static final int PAGE = 1000;
  private static final ObjectMapper JSON = ApiJson.lenient();

  @Option(names = "--since", paramLabel = "N", description = "Only entries after sequence N (default 0: all held).")
  long since;

  @Option(names = "--follow", description = "Keep waiting for new entries (stop with Ctrl-C).")
  boolean follow;

  @Option(names = "--json", description = "One JSON object per entry and line, as the daemon sent it.")
  boolean json;

  @Option(names = "--folder", paramLabel = "FOLDER", description = "Only this folder's entries.")
  FolderId folder;

  @Override
  public Integer call() throws IOException {
    if (since < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--since must be 0 or more, got " + since);
    }
    ApiClient client = ApiClient.forConfig(configStore().load());
    long position = since;
    boolean caughtUp = false;
    while (true) {
      String body = client.eventsJson(position, caughtUp ? ApiRoutes.MAX_EVENTS_TIMEOUT_SECONDS : 0, PAGE, folder);
      JsonNode page = JSON.readTree(body);
      EventsReport report = client.read(body, EventsReport.class);
      if (report.missed()) {
        reportGap(position, report);
      }
      JsonNode events = page.path("events");
      for (int i = 0; i < report.events().size(); i++) {
        out().println(json ? JSON.writeValueAsString(events.get(i)) : EventText.line(report.events().get(i)));
      }
      out().flush();
      position = report.next();
      caughtUp = position >= report.latest();
      if (caughtUp && !follow) {
        return ExitCodes.OK;
      }
    }
  }

  private void reportGap(long position, EventsReport report) {
    if (position > report.latest()) {
      err().println("chorus events: sequence " + position + " is beyond the daemon's latest entry (" + report.latest()
          + "): its index was rebuilt; printing what it holds");
    } else {
      err().println("chorus events: missed entries " + (position + 1) + ".." + (report.oldest() - 1)
          + ": the daemon no longer holds them (its feed is bounded by age and size); going on from "
          + report.oldest());
    }
    err().flush();
  }
}
