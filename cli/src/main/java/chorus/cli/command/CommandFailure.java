package chorus.cli.command;

/**
 * A command could not do its job for a reason the user can act on. An {@link IllegalStateException}, so
 * {@link chorus.cli.ExitCodes} prints its message as one line (no stack trace) and exits with FAILURE.
 */
final class CommandFailure extends IllegalStateException {
  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
