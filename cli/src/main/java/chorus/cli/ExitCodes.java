package chorus.cli;

import chorus.cli.config.ConfigException;
import chorus.cli.home.IdentityException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
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
   * config invalid. Nothing was written. */
  public static final int CONFIG = 3;

  private ExitCodes() {}

  /** The exit-code list shown at the end of {@code chorus --help}. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(OK + "", "ok");
    list.put(FAILURE + "", "failure: an I/O or network error, or a bug");
    list.put(USAGE + "", "usage: unknown command or option, or a malformed value (device ID, address, CIDR, ...)");
    list.put(CONFIG + "", "config or identity: none yet, unreadable or invalid, or a change was refused"
        + " (nothing was written)");
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
    return FAILURE;
  }

  /** A one-line message for the user: what went wrong, without the Java class name where it adds nothing. */
  public static String message(Throwable e) {
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
    boolean expected = e instanceof java.io.IOException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException;
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
        UnmatchedArgumentException.printSuggestions(u, err);
      }
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return USAGE;
    };
  }

  private static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof Main main && main.verbose;
  }
}
