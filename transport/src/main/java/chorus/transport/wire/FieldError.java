package chorus.transport.wire;

/**
 * A bad field inside a payload, thrown while reading and turned into a {@link WireFormatException} once
 * the message type is known. Carries the field path so far ({@code chunks[7].length}); each enclosing
 * level prefixes its own part, so a path string is only built when something is wrong. No stack trace:
 * it is caught a few frames up, always.
 */
final class FieldError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private String field;
  private final String problem;

  FieldError(String field, String problem) {
    super(problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  /** Prefixes the field path with an enclosing field, e.g. {@code files[3]}. */
  FieldError within(String enclosing) {
    field = field.isEmpty() ? enclosing : enclosing + "." + field;
    return this;
  }

  String field() {
    return field;
  }

  String problem() {
    return problem;
  }

  /** The error as the peer will read it: {@code Type.field: problem}. */
  WireFormatException toWireError(String messageType) {
    return new WireFormatException(messageType + (field.isEmpty() ? "" : "." + field) + ": " + problem);
  }
}
