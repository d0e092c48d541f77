package chorus.core.sync;

/** A peer broke the index exchange's rules; the connection is closed with {@link #getMessage()}. */
public final class IndexViolation extends Exception {
  private static final long serialVersionUID = 1L;

  public IndexViolation(String reason) {
    super(reason);
  }
}
