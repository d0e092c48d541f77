package chorus.cli.command;

import chorus.cli.daemon.Daemon;
import chorus.cli.engine.FolderSync;
import chorus.cli.engine.SyncStatus;
import chorus.core.config.FolderConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The progress line of {@code chorus run} on a terminal while folders sync: what is left and how fast,
 * redrawn in place once a second, and one closing line when a folder is in sync. Only on a terminal: a
 * log or a pipe gets no carriage returns.
 */
final class SyncProgressLine implements AutoCloseable {
  private final PrintWriter out;
  private final Daemon daemon;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "chorus-sync-progress");
    t.setDaemon(true);
    return t;
  });
  private boolean wasSyncing;
  private int lastWidth;

  SyncProgressLine(PrintWriter out, Daemon daemon) {
    this.out = out;
    this.daemon = daemon;
    timer.scheduleWithFixedDelay(this::draw, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void draw() {
    try {
      List<String> parts = new ArrayList<>();
      for (FolderConfig f : daemon.node().config().folders()) {
        FolderSync sync = daemon.engine() == null ? null : daemon.engine().get(f.id()).orElse(null);
        if (sync == null) {
          continue;
        }
        SyncStatus s = sync.status();
        if (s.state() == FolderSync.State.SYNCING) {
          parts.add(String.format(Locale.ROOT, "%s: %d files and %s to go, %s", f.id(), s.needFiles(),
              Units.bytes(s.needBytes()), Units.rate(s.bytesPerSecond())));
        }
      }
      if (parts.isEmpty()) {
        if (wasSyncing) {
          clear();
          out.println("in sync");
          out.flush();
          wasSyncing = false;
        }
        return;
      }
      wasSyncing = true;
      String line = "syncing " + String.join("; ", parts);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      out.flush();
      lastWidth = line.length();
    } catch (RuntimeException e) {
      // a folder going away mid-draw: the next draw sees the new state
    }
  }

  private void clear() {
    if (lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    clear();
    out.flush();
  }
}
