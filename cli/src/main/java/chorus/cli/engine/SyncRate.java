package chorus.cli.engine;

/** Bytes per second over the last few seconds, from a running total sampled now and then. */
final class SyncRate {
  private long lastBytes;
  private long lastNanos = System.nanoTime();
  private double rate;

  synchronized void sample(long totalBytes) {
    long now = System.nanoTime();
    double seconds = (now - lastNanos) / 1e9;
    if (seconds >= 0.5) {
      double current = (totalBytes - lastBytes) / seconds;
      rate = rate == 0 ? current : 0.5 * rate + 0.5 * current;
      lastBytes = totalBytes;
      lastNanos = now;
    }
  }

  synchronized long bytesPerSecond(long totalBytes) {
    sample(totalBytes);
    if ((System.nanoTime() - lastNanos) / 1e9 > 5) {
      return 0;
    }
    return Math.round(rate);
  }
}
