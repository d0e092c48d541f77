package chorus.fsindex.ignore;

import java.io.IOException;

/**
 * A line of an ignore file that cannot be used, with where it is: {@code source:line: why (in "text")}.
 * It is an {@link IOException} so that {@link IgnoreMatcher#load} has one failure type for "the
 * folder's ignore file is unusable", whether unreadable or malformed.
 */
public final class IgnoreSyntaxException extends IOException {
  private final String source;
  private final int line;

  public IgnoreSyntaxException(String source, int line, String text, String reason) {
    this(source, line, source + ":" + line + ": " + reason + (text == null ? "" : " (in \"" + text + "\")"));
  }

  private IgnoreSyntaxException(String source, int line, String message) {
    super(message);
    this.source = source;
    this.line = line;
  }

  /** The same error, noting the {@code #include} line that led to it. */
  IgnoreSyntaxException includedFrom(String includingSource, int includingLine) {
    return new IgnoreSyntaxException(
        source, line, getMessage() + " (included from " + includingSource + ":" + includingLine + ")");
  }

  /** The file (relative to the folder root) or other name the lines came from. */
  public String source() {
    return source;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }
}
