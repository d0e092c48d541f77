package chorus.transport.api;

/**
 * What a handler answers: a status and a value the server writes as JSON, or no body at all.
 *
 * @param body the value to serialise, or null for no body (e.g. 204)
 */
public record ApiResponse(int status, Object body) {
  public ApiResponse {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("HTTP status " + status + " is out of range");
    }
    if (status == 204 && body != null) {
      throw new IllegalArgumentException("a 204 response has no body");
    }
  }

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null);
  }
}
