package chorus.transport.tls;

import java.util.Locale;

/**
 * Which TLS implementation to use. {@link #AUTO} takes BoringSSL (netty-tcnative) when it loads and
 * supports TLS 1.3 and ALPN, else the JDK's; the other two force one (the benchmark reports both).
 */
public enum TlsProviderPreference {
  AUTO,
  OPENSSL,
  JDK;

  /** The system property that overrides the configured preference, e.g. {@code -Dchorus.tls.provider=jdk}. */
  public static final String PROPERTY = "chorus.tls.provider";

  /** Parses {@code auto}, {@code openssl} (or {@code boringssl}) and {@code jdk}, in any case. */
  public static TlsProviderPreference parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "auto", "" -> AUTO;
      case "openssl", "boringssl" -> OPENSSL;
      case "jdk" -> JDK;
      default -> throw new IllegalArgumentException(
          "TLS provider \"" + text + "\" is invalid: use auto, openssl or jdk");
    };
  }

  /** {@code configured}, unless the system property {@link #PROPERTY} says otherwise. */
  public static TlsProviderPreference fromSystemProperty(TlsProviderPreference configured) {
    String value = System.getProperty(PROPERTY);
    return value == null || value.isBlank() ? configured : parse(value);
  }
}
