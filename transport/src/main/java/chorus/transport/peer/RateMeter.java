package chorus.transport.peer;

/**
 * Turns a growing byte count into a recent rate: each {@link #sample} computes bytes per second since
 * the previous sample. The node samples every connection on a fixed tick; time comes from the caller.
 */
public final class RateMeter {
  private long lastBytes;
  private long lastNanos;
  private boolean started;
  private double rate;

  /** Records {@code totalBytes} at {@code nanos} (a monotonic clock) and returns the rate since the last sample. */
  public synchronized double sample(long totalBytes, long nanos) {
    if (started && nanos > lastNanos) {
      rate = Math.max(0, totalBytes - lastBytes) * 1e9 / (nanos - lastNanos);
    }
    lastBytes = totalBytes;
    lastNanos = nanos;
    started = true;
    return rate;
  }

  /** Bytes per second over the last sampled interval; 0 before two samples. */
  public synchronized double rate() {
    return rate;
  }
}
