package chorus.cli.command;

/** A command could not do its job for a reason the user can act on; printed as one line, no stack trace. */
final class CommandFailure extends RuntimeException {
  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
