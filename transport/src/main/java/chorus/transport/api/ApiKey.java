package chorus.transport.api;

import chorus.core.id.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * The API key and the check of a presented one. Both sides are hashed first and the digests compared
 * with {@link MessageDigest#isEqual}, so the time taken says nothing about the key's content or length.
 */
final class ApiKey {
  static final String HEADER = ApiRoutes.API_KEY_HEADER;
  static final int MIN_LENGTH = ApiRoutes.MIN_API_KEY_LENGTH;

  private final byte[] digest;

  ApiKey(String key) {
    if (key.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("the API key is too short (at least " + MIN_LENGTH + " characters)");
    }
    this.digest = sha256(key);
  }

  boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** The key from {@code X-API-Key}, else from {@code Authorization: Bearer KEY}. */
  static Optional<String> presented(String apiKeyHeader, String authorizationHeader) {
    if (apiKeyHeader != null) {
      return Optional.of(apiKeyHeader.trim());
    }
    if (authorizationHeader != null) {
      String a = authorizationHeader.trim();
      if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        return Optional.of(a.substring(7).trim());
      }
    }
    return Optional.empty();
  }

  private static byte[] sha256(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
