package chorus.cli;

import java.util.Map;

/**
 * Configures slf4j-simple through its system properties. They are read once, when the first logger is
 * created, so {@link Main} calls {@link #configure} after parsing the command line and before running the
 * command: ordinary commands log warnings only (their output is for people and scripts), the daemon logs
 * at info with timestamps. {@code CHORUS_LOG_LEVEL} (trace, debug, info, warn, error, off) overrides the
 * level, and a property already set with {@code -D} is left alone.
 */
public final class CliLogging {
  static final String PREFIX = "org.slf4j.simpleLogger.";

  private CliLogging() {}

  /** Sets the logging properties unless set already; returns the level in force. */
  public static String configure(boolean daemon, boolean verbose, Map<String, String> env) {
    String level = env.get("CHORUS_LOG_LEVEL");
    if (level == null || level.isBlank()) {
      level = daemon ? (verbose ? "debug" : "info") : (verbose ? "info" : "warn");
    }
    setIfAbsent("defaultLogLevel", level.trim().toLowerCase(java.util.Locale.ROOT));
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showShortLogName", "true");
    setIfAbsent("showThreadName", daemon ? "true" : "false");
    setIfAbsent("showDateTime", daemon ? "true" : "false");
    setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    return System.getProperty(PREFIX + "defaultLogLevel");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
