package chorus.dbbridge.connect;

/** The catalog database cannot be used right now; the message is one line fit for a log or a status. */
public final class CatalogUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public CatalogUnavailableException(String message) {
    super(message);
  }
}
