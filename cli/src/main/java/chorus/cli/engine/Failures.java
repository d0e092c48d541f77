package chorus.cli.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths whose pull failed, with the reason and when to try again: every failed path is listed for the
 * user (no path stays out of sync without a reason they can read) and retried with a backoff that
 * doubles from 5 s to 10 min; one that cannot succeed until something changes waits an hour.
 */
final class Failures {
  /** One failed path. */
  record Failure(String path, String reason, int attempts, long retryAtMillis) {}

  private static final long FIRST_MILLIS = 5_000;
  private static final long MAX_MILLIS = 600_000;
  private static final long HOPELESS_MILLIS = 3_600_000;

  private final Map<String, Failure> failures = new LinkedHashMap<>();

  synchronized void failed(String path, String reason, boolean retry, long nowMillis) {
    Failure old = failures.get(path);
    int attempts = old == null ? 1 : old.attempts() + 1;
    long delay = retry ? Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempts - 1, 20)) : HOPELESS_MILLIS;
    failures.put(path, new Failure(path, reason, attempts, nowMillis + delay));
  }

  synchronized void succeeded(String path) {
    failures.remove(path);
  }

  /** True if the path failed and its retry time has not come. */
  synchronized boolean waiting(String path, long nowMillis) {
    Failure f = failures.get(path);
    return f != null && f.retryAtMillis() > nowMillis;
  }

  /** Lets every failed path be tried at once (a peer connected, the user asked). */
  synchronized void retryNow() {
    failures.replaceAll((p, f) -> new Failure(p, f.reason(), f.attempts(), 0));
  }

  /** Forgets paths that are no longer needed. */
  synchronized void retainOnly(java.util.Set<String> needed) {
    failures.keySet().retainAll(needed);
  }

  /** The earliest retry time, or Long.MAX_VALUE. */
  synchronized long nextRetry() {
    long next = Long.MAX_VALUE;
    for (Failure f : failures.values()) {
      next = Math.min(next, f.retryAtMillis());
    }
    return next;
  }

  synchronized List<Failure> list(int max) {
    List<Failure> out = new ArrayList<>();
    for (Failure f : failures.values()) {
      if (out.size() >= max) {
        break;
      }
      out.add(f);
    }
    return out;
  }

  synchronized int size() {
    return failures.size();
  }
}
