package chorus.cli.home;

import java.io.IOException;

/** The device identity is missing, damaged, or in the way (init without --force); the message says which file. */
public final class IdentityException extends IOException {
  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
