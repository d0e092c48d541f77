package chorus.cli;

import chorus.cli.api.ApiCallException;
import chorus.cli.api.DaemonNotRunningException;
import chorus.cli.config.ConfigException;
import chorus.cli.home.IdentityException;
import chorus.cli.home.RunLock;
import chorus.fsindex.store.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns an outcome into an exit code and an error into a message on stderr. Stack traces
 * are shown only with {@code --verbose} or {@code CHORUS_DEBUG=1}.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The command failed: an I/O error, a network error, a bug. */
  public static final int FAILURE = 1;
  /** The command line is wrong: unknown command or option, a malformed value (device ID, address, CIDR). */
  public static final int USAGE = 2;
  /** The device home is not usable or a change was refused: no identity or config yet, a config or key
   * file that is unreadable or invalid, an identity that exists already, a change that would make the
   * config invalid, a bad or expired invite, a request the daemon refused (4xx: wrong API key, unknown
   * folder). Nothing was written. */
  public static final int CONFIG = 3;
  /** The daemon is not running at the configured API address: scripts can tell "start it" apart. */
  public static final int NOT_RUNNING = 4;
  /** {@code chorus run}: another daemon already runs for this device home (it holds the home's run lock). */
  public static final int ALREADY_RUNNING = 5;

  private ExitCodes() {}

  /** The exit-code list shown at the end of {@code chorus --help}. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(OK + "", "ok");
    list.put(FAILURE + "", "failure: an I/O or network error, or a bug");
    list.put(USAGE + "", "usage: unknown command or option, or a malformed value (device ID, address, CIDR, ...)");
    list.put(CONFIG + "", "config or identity: none yet, unreadable or invalid, or a change was refused"
        + " (bad invite, the daemon said no, ...; nothing was written)");
    list.put(NOT_RUNNING + "", "the daemon is not running (start it with 'chorus run')");
    list.put(ALREADY_RUNNING + "", "chorus run: a daemon is already running for this device home");
    return list;
  }

  /** The exit code for an exception thrown by a command. */
  public static int of(Throwable e) {
    if (e instanceof ParameterException) {
      return USAGE;
    }
    if (e instanceof ConfigException || e instanceof IdentityException) {
      return CONFIG;
    }
    if (e instanceof DaemonNotRunningException) {
      return NOT_RUNNING;
    }
    if (e instanceof RunLock.HomeInUseException) {
      return ALREADY_RUNNING;
    }
    if (e instanceof ApiCallException call && call.status() >= 400 && call.status() < 500) {
      return CONFIG;
    }
    return FAILURE;
  }

  /** A one-line message for the user: what went wrong, without the Java class name where it adds nothing. */
  public static String message(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return message(u.getCause());
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof NotDirectoryException f) {
      return "not a directory: " + f.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    if (e instanceof ConfigException || e instanceof IdentityException) {
      return e.getMessage();
    }
    String m = e.getMessage();
    boolean expected = e instanceof IOException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException || e instanceof StorageException;
    if (expected && m != null && !m.isBlank()) {
      return m;
    }
    return "internal error: " + e.getClass().getName() + (m == null ? "" : ": " + m);
  }

  static IExecutionExceptionHandler executionHandler(boolean envDebug) {
    return (Exception e, CommandLine commandLine, ParseResult parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("chorus: " + message(e));
      if (envDebug || verbose(commandLine)) {
        e.printStackTrace(err);
      } else if (of(e) == FAILURE && message(e).startsWith("internal error")) {
        err.println("(run with --verbose for the stack trace)");
      }
      err.flush();
      return of(e);
    };
  }

  static IParameterExceptionHandler parameterHandler() {
    return (ParameterException e, String[] args) -> {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("chorus: " + e.getMessage());
      if (e instanceof UnmatchedArgumentException u) {
        printSuggestions(u, err);
      }
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return USAGE;
    };
  }

  /**
   * "Did you mean" for a mistyped subcommand, by edit distance with transpositions. Picocli's own ranking
   * (bigram cosine) leaves {@code init} out for {@code inti} once {@code join}, {@code index} and
   * {@code invite} exist; options keep picocli's suggestions.
   */
  private static void printSuggestions(UnmatchedArgumentException e, PrintWriter err) {
    List<String> unmatched = e.getUnmatched();
    Map<String, CommandLine> subcommands = e.getCommandLine().getSubcommands();
    String typed = unmatched.isEmpty() ? "" : unmatched.get(0);
    if (subcommands.isEmpty() || typed.startsWith("-")) {
      UnmatchedArgumentException.printSuggestions(e, err);
      return;
    }
    int limit = Math.max(1, typed.length() / 3);
    List<String> close = subcommands.keySet().stream()
        .filter(name -> distance(typed, name) <= limit)
        .sorted(Comparator.comparingInt((String name) -> distance(typed, name)).thenComparing(name -> name))
        .limit(3)
        .map(name -> e.getCommandLine().getCommandSpec().qualifiedName() + " " + name)
        .toList();
    if (!close.isEmpty()) {
      err.println("Did you mean: " + String.join(" or ", close) + "?");
    }
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof Main main && main.verbose;
  }
}
