package chorus.transport.api;

/**
 * The body of {@code POST /rest/join}.
 *
 * @param token the invite token from {@code chorus invite} on the other host
 * @param path where to put the invite's folder on this host (an existing directory), or null
 */
public record JoinRequest(String token, String path) {
  public JoinRequest {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token is missing");
    }
    path = path == null || path.isBlank() ? null : path;
  }
}
