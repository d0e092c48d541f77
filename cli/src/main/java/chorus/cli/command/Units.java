package chorus.cli.command;

import java.util.Locale;

/** Human-readable sizes, rates and durations for command output. */
final class Units {
  private Units() {}

  static String bytes(double n) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (n >= 1000 && u < units.length - 1) {
      n /= 1000;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", n, units[u]) : String.format(Locale.ROOT, "%.2f %s", n, units[u]);
  }

  static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  static String seconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
  }
}
