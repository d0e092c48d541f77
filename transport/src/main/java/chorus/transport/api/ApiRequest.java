package chorus.transport.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An authenticated, fully read request as a handler sees it: no Netty types, the body copied out of the
 * network buffer.
 */
public final class ApiRequest {
  private static final ObjectMapper JSON = ApiJson.strict();

  private final String method;
  private final String path;
  private final Map<String, List<String>> query;
  private final byte[] body;

  public ApiRequest(String method, String path, Map<String, List<String>> query, byte[] body) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.query = Map.copyOf(query);
    this.body = body.clone();
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public Map<String, List<String>> query() {
    return query;
  }

  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as JSON of {@code type}; an empty body is a 400.
   *
   * @throws ApiException 400 saying which field is wrong and why
   */
  public <T> T json(Class<T> type) throws ApiException {
    if (isBlank(body)) {
      throw ApiException.badRequest("the request needs a JSON body");
    }
    return json(type, () -> null);
  }

  /**
   * The body as JSON of {@code type}; an empty body gives {@code empty}.
   *
   * @throws ApiException 400 saying which field is wrong and why
   */
  public <T> T json(Class<T> type, Supplier<T> empty) throws ApiException {
    if (isBlank(body)) {
      return empty.get();
    }
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw ApiException.badRequest("the body is JSON null; expected an object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("unknown field \"" + e.getPropertyName() + "\" at " + ApiJson.fieldPath(e)
          + "; known fields: " + e.getKnownPropertyIds());
    } catch (JsonMappingException e) {
      throw ApiException.badRequest("bad value at " + ApiJson.fieldPath(e) + ": " + ApiJson.rootMessage(e));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
    }
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return false;
      }
    }
    return true;
  }
}
