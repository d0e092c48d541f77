package chorus.cli.api;

import chorus.core.config.ChorusConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.api.ApiJson;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.InviteRequest;
import chorus.transport.api.InviteResponse;
import chorus.transport.api.JoinRequest;
import chorus.transport.api.JoinResponse;
import chorus.transport.api.StatusReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;

/**
 * Talks to the running daemon's local API. Timeouts are short: the daemon is on this host, so a slow
 * answer means a stuck daemon, and a command should say so rather than hang. The key is sent only to a
 * loopback address.
 */
public final class ApiClient {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = ApiJson.lenient();
  private static final ObjectMapper REQUEST_JSON = ApiJson.strict();

  private final TcpAddress api;
  private final String apiKey;
  private final HttpClient http;

  /** @throws IllegalArgumentException if {@code api} is not a loopback address */
  public ApiClient(TcpAddress api, String apiKey) {
    this.api = Objects.requireNonNull(api, "api");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    requireLoopback(api);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A client for the API address and key in {@code config}. */
  public static ApiClient forConfig(ChorusConfig config) {
    return new ApiClient(config.api(), config.apiKey());
  }

  /** The status as the daemon sent it (for {@code --json}). */
  public String statusJson() throws IOException {
    return call("GET", ApiRoutes.STATUS, null).body();
  }

  /** A plain GET of {@code route} (e.g. {@code /rest/bucardo}); the JSON answer as sent. */
  public String getJson(String route) throws IOException {
    return call("GET", route, null).body();
  }

  public StatusReport status() throws IOException {
    return read(statusJson(), StatusReport.class);
  }

  /** Returns the daemon's answer as sent (for {@code --json}); {@link #read} parses it. */
  public String inviteJson(InviteRequest request) throws IOException {
    return call("POST", ApiRoutes.INVITE, REQUEST_JSON.writeValueAsString(request)).body();
  }

  public InviteResponse invite(InviteRequest request) throws IOException {
    return read(inviteJson(request), InviteResponse.class);
  }

  public JoinResponse join(JoinRequest request) throws IOException {
    return read(call("POST", ApiRoutes.JOIN, REQUEST_JSON.writeValueAsString(request)).body(), JoinResponse.class);
  }

  public void reloadConfig() throws IOException {
    call("POST", ApiRoutes.RELOAD, null);
  }

  /**
   * {@code GET /rest/events}: the change feed after {@code since}, as the daemon sent it. With a
   * {@code waitSeconds} above 0 the daemon holds the answer until an entry arrives or that time passes,
   * so this call waits that much longer than others.
   *
   * @param folder only this folder's entries, or null for all
   */
  public String eventsJson(long since, int waitSeconds, int limit, FolderId folder) throws IOException {
    String query = "?since=" + since + "&timeout=" + waitSeconds + "&limit=" + limit
        + (folder == null ? "" : "&folder=" + folder.value()); // folder IDs need no escaping
    return call("GET", ApiRoutes.EVENTS + query, null, REQUEST_TIMEOUT.plusSeconds(waitSeconds)).body();
  }

  /** Parses a response body; a body this client cannot read is reported as such. */
  public <T> T read(String body, Class<T> type) throws IOException {
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new IOException("the daemon at " + api.hostPort() + " sent a response this chorus cannot read: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * A per-folder call ({@link chorus.transport.api.FolderRoutes}); the JSON answer as sent. A rescan
   * answers when its scan is done, so the caller chooses how long to wait.
   */
  public String folderCall(String method, String route, chorus.core.id.FolderId folder, String path, Duration timeout)
      throws IOException {
    String query = "?folder=" + java.net.URLEncoder.encode(folder.value(), java.nio.charset.StandardCharsets.UTF_8)
        + (path == null ? "" : "&path=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20"));
    return call(method, route + query, null, timeout).body();
  }

  /** A call without a body to {@code route} (with its query, if any); the JSON answer as sent. */
  public String plainCall(String method, String route, Duration timeout) throws IOException {
    return call(method, route, null, timeout).body();
  }

  private HttpResponse<String> call(String method, String path, String json) throws IOException {
    return call(method, path, json, REQUEST_TIMEOUT);
  }

  private HttpResponse<String> call(String method, String path, String json, Duration timeout) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + api.hostPort() + path))
        .timeout(timeout)
        .header(ApiRoutes.API_KEY_HEADER, apiKey)
        .header("Accept", "application/json");
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException | ClosedChannelException e) {
      throw new DaemonNotRunningException(api, e);
    } catch (HttpTimeoutException e) {
      throw new IOException("chorus at " + api.hostPort() + " did not answer " + method + " " + path
          + " within " + timeout.toSeconds() + " s; is it stuck? (see its log)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for chorus at " + api.hostPort(), e);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw new DaemonNotRunningException(api, e);
      }
      throw new IOException("cannot talk to chorus at " + api.hostPort() + ": " + e.getMessage(), e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    throw new ApiCallException(status, explain(status, response.body()));
  }

  private String explain(int status, String body) {
    String error = null;
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("error")) {
        error = n.get("error").asText();
      }
    } catch (JsonProcessingException e) {
      // Not our JSON: some other server on this port; say what we got below.
    }
    if (status == 401) {
      return "chorus at " + api.hostPort() + " refused the API key from config.json"
          + (error == null ? "" : " (" + error + ")")
          + "; was the key changed while it runs? restart it";
    }
    if (error == null) {
      return "unexpected answer from " + api.hostPort() + ": HTTP " + status
          + " (is something other than chorus listening there?)";
    }
    return error;
  }

  private static void requireLoopback(TcpAddress api) {
    try {
      for (InetAddress a : InetAddress.getAllByName(api.host())) {
        if (!a.isLoopbackAddress()) {
          throw new IllegalArgumentException("the local API address " + api.hostPort()
              + " is not a loopback address; refusing to send the API key there");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("the local API address " + api.hostPort() + " has an unknown host", e);
    }
  }
}
