package chorus.cli;

/**
 * Marks a command that runs as a long-lived node (e.g. {@code chorus run}). {@link Main} sees it before the
 * command runs and sets up logging for a daemon (level info, timestamps) instead of the quiet CLI default
 * (warn). Implementing this interface is all a daemon command needs to do about logging.
 */
public interface DaemonCommand {}
