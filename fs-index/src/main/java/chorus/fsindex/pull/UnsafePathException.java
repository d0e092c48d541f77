package chorus.fsindex.pull;

import java.io.IOException;

/** A path the engine refuses to write: it would leave the folder, or pass through a symlink. */
public final class UnsafePathException extends IOException {
  public UnsafePathException(String message) {
    super(message);
  }
}
