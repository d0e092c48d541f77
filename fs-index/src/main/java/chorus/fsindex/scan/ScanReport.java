package chorus.fsindex.scan;

import chorus.core.id.FolderId;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a scan.
 *
 * @param files regular files found (not ignored), and {@code bytes} their total size
 * @param hashedFiles files read and hashed because their stat changed (or they were racily clean);
 *     {@code hashedBytes} and {@code chunks} count what those produced
 * @param added paths new to the index (or back after deletion); {@code changed} paths with a new version;
 *     {@code deleted} paths that got a tombstone; {@code unchanged} paths whose version stayed (their stat
 *     matched, or they were read again and found the same)
 * @param ignored paths left out by the scan filter; {@code skipped} sockets, FIFOs and devices
 * @param problems the first problems, with path and reason; {@code problemCount} counts all of them
 */
public record ScanReport(
    FolderId folder,
    Duration duration,
    long directories,
    long files,
    long symlinks,
    long bytes,
    long hashedFiles,
    long hashedBytes,
    long chunks,
    long added,
    long changed,
    long deleted,
    long unchanged,
    long ignored,
    long skipped,
    long problemCount,
    List<ScanProblem> problems) {

  public ScanReport {
    problems = List.copyOf(problems);
  }

  static ScanReport of(FolderId folder, Duration duration, ScanCounters c, List<ScanProblem> problems) {
    return new ScanReport(folder, duration, c.directories.get(), c.files.get(), c.symlinks.get(), c.bytes.get(),
        c.hashedFiles.get(), c.hashedBytes.sum(), c.chunks.get(), c.added.get(), c.changed.get(), c.deleted.get(),
        c.unchanged.get(), c.ignored.get(), c.skipped.get(), c.problems.get(), problems);
  }

  /** Hashing throughput over the whole scan, in bytes per second. */
  public double hashRate() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : hashedBytes / seconds;
  }
}
