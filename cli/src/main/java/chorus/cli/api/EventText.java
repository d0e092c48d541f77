package chorus.cli.api;

import chorus.transport.api.EventsReport;

/**
 * One change feed entry as {@code chorus events} prints it: one line, fields separated by two spaces,
 * e.g. {@code 42  2026-12-02T13:41:21.123Z  music  renamed  Artist/B.flac  <- Artist/A.flac  by P56IOI7}.
 * The origin is shown only for a peer's change (by its short device ID); local changes have none.
 */
public final class EventText {
  private EventText() {}

  public static String line(EventsReport.Event e) {
    StringBuilder b = new StringBuilder();
    b.append(e.seq()).append("  ").append(e.time()).append("  ").append(e.folder()).append("  ")
        .append(e.action() == null ? "?" : e.action().text()).append("  ").append(e.path());
    if (e.from() != null) {
      b.append("  <- ").append(e.from());
    }
    if (e.origin() != null && !e.origin().equals(EventsReport.Event.LOCAL)) {
      int dash = e.origin().indexOf('-');
      b.append("  by ").append(dash > 0 ? e.origin().substring(0, dash) : e.origin());
    }
    return b.toString();
  }
}
