package chorus.fsindex.pull;

/**
 * Why one path could not be pulled, in words a user can act on. {@code retry} is false for failures that
 * a retry cannot fix until something changes (a refused record, a type conflict).
 */
public final class PullFailure extends Exception {
  private final boolean retry;

  public PullFailure(String reason, boolean retry) {
    super(reason);
    this.retry = retry;
  }

  public PullFailure(String reason, boolean retry, Throwable cause) {
    super(reason, cause);
    this.retry = retry;
  }

  public boolean retry() {
    return retry;
  }
}
