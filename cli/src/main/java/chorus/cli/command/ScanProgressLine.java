package chorus.cli.command;

import chorus.fsindex.scan.ScanCounters;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one-line progress display of {@code chorus scan} on a terminal: files, bytes hashed, rate and ETA,
 * redrawn in place on stderr twice a second. The ETA appears once the walk is over, because only then is
 * the amount left to hash known (the walk stays only a bounded queue ahead of the hashers).
 */
final class ScanProgressLine implements AutoCloseable {
  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "chorus-scan-progress");
    t.setDaemon(true);
    return t;
  });
  private volatile ScanCounters counters;
  private final long started;
  private int lastWidth;

  ScanProgressLine(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    timer.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
  }

  void watch(ScanCounters c) {
    counters = c;
  }

  private synchronized void draw() {
    ScanCounters c = counters;
    if (c == null) {
      return;
    }
    double seconds = Math.max(1e-3, (nanoTime.getAsLong() - started) / 1e9);
    long hashed = c.bytesHashed();
    double rate = hashed / seconds;
    String eta;
    if (!c.walkDone()) {
      eta = "walking";
    } else if (rate <= 0) {
      eta = "ETA ?";
    } else {
      eta = "ETA " + Units.seconds(Math.max(0, c.bytesToHash() - hashed) / rate);
    }
    String line = String.format(Locale.ROOT, "scanning: %d files, %s of %s hashed, %s, %s",
        c.filesSeen(), Units.bytes(hashed), Units.bytes(c.bytesToHash()), Units.rate(rate), eta);
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }
}
