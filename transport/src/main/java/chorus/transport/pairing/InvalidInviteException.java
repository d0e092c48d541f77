package chorus.transport.pairing;

/** An invite token that cannot be used; the message says why in words a user can act on. */
public final class InvalidInviteException extends IllegalArgumentException {
  public InvalidInviteException(String message) {
    super(message);
  }
}
