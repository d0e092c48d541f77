package chorus.fsindex.scan;

import java.util.ArrayList;
import java.util.List;

/** Collects a scan's problems from all its threads; keeps the first {@code max}, counts all. */
final class ProblemLog {
  private final int max;
  private final ScanCounters counters;
  private final List<ScanProblem> kept = new ArrayList<>(); // guarded by this

  ProblemLog(int max, ScanCounters counters) {
    this.max = max;
    this.counters = counters;
  }

  void add(String path, String reason) {
    counters.problems.incrementAndGet();
    synchronized (this) {
      if (kept.size() < max) {
        kept.add(new ScanProblem(path, reason));
      }
    }
  }

  synchronized List<ScanProblem> kept() {
    return List.copyOf(kept);
  }
}
