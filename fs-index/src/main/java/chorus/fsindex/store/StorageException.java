package chorus.fsindex.store;

/**
 * A failure of the index's storage: which operation, on which key, and why. RocksDB's own exception is
 * translated into this once, in {@link RocksIndex}; nothing outside the store sees a RocksDB type.
 */
public final class StorageException extends RuntimeException {
  private final String operation;
  private final String key;

  public StorageException(String operation, String key, String reason, Throwable cause) {
    super("index " + operation + (key == null ? "" : " " + key) + ": " + reason, cause);
    this.operation = operation;
    this.key = key;
  }

  public StorageException(String operation, String key, String reason) {
    this(operation, key, reason, null);
  }

  /** What the index was doing, e.g. {@code "commit"} or {@code "open"}. */
  public String operation() {
    return operation;
  }

  /** The key in readable form ({@code files[music:Artist/x.flac]}), or null if none applies. */
  public String key() {
    return key;
  }
}
