package chorus.cli.bucardo;

import chorus.dbbridge.bucardo.Watchdog;
import chorus.cli.api.ApiCallException;
import chorus.cli.api.ApiClient;
import java.io.IOException;
import java.io.PrintWriter;

/** The Bucardo part of {@code chorus status}: the sync's state, the watchdog's last restart and its reason. */
public final class BucardoStatusText {
  private BucardoStatusText() {}

  /** Prints the section, or nothing when this device does not run Bucardo (or the daemon predates it). */
  public static void print(ApiClient client, PrintWriter out) throws IOException {
    Watchdog.Status s;
    try {
      s = client.read(client.getJson(BucardoWatch.ROUTE), Watchdog.Status.class);
    } catch (ApiCallException e) {
      return;
    }
    if ("not-set-up".equals(s.state())) {
      return;
    }
    out.println();
    out.println("Bucardo  sync " + s.sync() + ": " + s.state() + " (" + s.detail() + ")");
    out.println("  last restart: " + (s.lastRestart() == null ? "none"
        : s.lastRestart() + ", " + s.lastReason() + " (" + s.restarts() + " restart(s) since the daemon started)"));
  }
}
