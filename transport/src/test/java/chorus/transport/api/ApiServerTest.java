package chorus.transport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  static final String KEY = "test-key-0123456789abcdef";
  static final ObjectMapper JSON = ApiJson.lenient();

  FakeNode node;
  ApiServer server;
  HttpClient http;

  @BeforeEach
  void start() throws Exception {
    node = new FakeNode();
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), KEY, ApiRoutes.standard(node));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", KEY).GET());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static String error(HttpResponse<String> r) throws Exception {
    JsonNode n = JSON.readTree(r.body());
    assertEquals(r.statusCode(), n.get("status").asInt(), r.body());
    return n.get("error").asText();
  }

  @Test
  void statusWithTheKeyInEitherHeader() throws Exception {
    HttpResponse<String> a = get("/rest/status");
    assertEquals(200, a.statusCode(), a.body());
    assertTrue(a.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(node.report, JSON.readValue(a.body(), StatusReport.class));

    HttpResponse<String> b = send(HttpRequest.newBuilder(uri("/rest/status"))
        .header("Authorization", "Bearer " + KEY).GET());
    assertEquals(200, b.statusCode(), b.body());
    assertEquals(node.report, JSON.readValue(b.body(), StatusReport.class));
  }

  @Test
  void statusJsonNamesEveryRequiredField() throws Exception {
    JsonNode root = JSON.readTree(get("/rest/status").body());
    assertFields(root, "device", "peers", "folders", "unknownDevices");
    assertFields(root.get("device"), "id", "name");
    assertFields(root.get("peers").get(0),
        "id", "name", "connected", "address", "tlsProvider", "inBytes", "outBytes", "inRate", "outRate");
    assertFields(root.get("folders").get(0),
        "id", "path", "type", "state", "files", "bytes", "needFiles", "needBytes");
    assertFields(root.get("unknownDevices").get(0), "id", "address", "name", "lastSeen");
    assertEquals("syncing", root.get("folders").get(0).get("state").asText());
    assertEquals("send-receive", root.get("folders").get(0).get("type").asText());
    assertEquals(FakeNode.SELF.toString(), root.get("device").get("id").asText());
    assertEquals("tcp://10.8.0.1:41234", root.get("peers").get(0).get("address").asText());
    assertEquals("2024-05-01T12:00:00Z", root.get("unknownDevices").get(0).get("lastSeen").asText());
  }

  static void assertFields(JsonNode node, String... names) {
    for (String n : names) {
      assertTrue(node.has(n), "missing field \"" + n + "\" in " + node);
    }
  }

  @Test
  void missingKeyIs401AndSaysSo() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/rest/status")).GET());
    assertEquals(401, r.statusCode());
    assertTrue(error(r).contains("missing API key"), r.body());
    assertEquals(0, node.reloads.get());
  }

  @Test
  void wrongKeyIs401AndSaysSo() throws Exception {
    for (HttpRequest.Builder b : List.of(
        HttpRequest.newBuilder(uri("/rest/status")).header("X-API-Key", KEY + "x").GET(),
        HttpRequest.newBuilder(uri("/rest/status")).header("X-API-Key", "short").GET(),
        HttpRequest.newBuilder(uri("/rest/status")).header("Authorization", "Bearer nope").GET(),
        HttpRequest.newBuilder(uri("/rest/config/reload")).header("Authorization", "Basic " + KEY)
            .POST(HttpRequest.BodyPublishers.noBody()))) {
      HttpResponse<String> r = send(b);
      assertEquals(401, r.statusCode(), r.body());
      assertTrue(error(r).contains("API key"), r.body());
    }
    assertEquals(0, node.reloads.get());
  }

  @Test
  void unauthenticatedRequestsLearnNothingAboutRoutes() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/rest/nothing")).GET());
    assertEquals(401, r.statusCode());
  }

  @Test
  void unknownRouteIs404() throws Exception {
    HttpResponse<String> r = get("/rest/nothing");
    assertEquals(404, r.statusCode());
    assertTrue(error(r).contains("/rest/nothing"), r.body());
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> r = post("/rest/status", "{}");
    assertEquals(405, r.statusCode());
    assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
    assertTrue(error(r).contains("POST is not allowed"), r.body());
    HttpResponse<String> g = get("/rest/invite");
    assertEquals(405, g.statusCode());
  }

  @Test
  void badJsonIs400WithTheReason() throws Exception {
    HttpResponse<String> syntax = post("/rest/invite", "{\"folder\": ");
    assertEquals(400, syntax.statusCode());
    assertTrue(error(syntax).contains("not valid JSON"), syntax.body());

    HttpResponse<String> unknown = post("/rest/invite", "{\"colour\": \"blue\"}");
    assertEquals(400, unknown.statusCode());
    assertTrue(error(unknown).contains("unknown field \"colour\""), unknown.body());

    HttpResponse<String> badFolder = post("/rest/invite", "{\"folder\": \"no/slashes\"}");
    assertEquals(400, badFolder.statusCode());
    assertTrue(error(badFolder).contains("bad value at folder"), badFolder.body());

    HttpResponse<String> badTtl = post("/rest/invite", "{\"ttlSeconds\": -5}");
    assertEquals(400, badTtl.statusCode());
    assertTrue(error(badTtl).contains("ttlSeconds must be positive"), badTtl.body());

    HttpResponse<String> noBody = post("/rest/join", "");
    assertEquals(400, noBody.statusCode());
    assertTrue(error(noBody).contains("needs a JSON body"), noBody.body());

    HttpResponse<String> nullBody = post("/rest/join", "null");
    assertEquals(400, nullBody.statusCode());
    assertTrue(node.invites.isEmpty() && node.joins.isEmpty());
  }

  @Test
  void handlerClientErrorsKeepTheirStatus() throws Exception {
    HttpResponse<String> r = post("/rest/invite", "{\"folder\": \"nope\"}");
    assertEquals(400, r.statusCode());
    assertTrue(error(r).contains("not configured"), r.body());
  }

  @Test
  void inviteJoinAndReloadReachTheNode() throws Exception {
    HttpResponse<String> invite = post("/rest/invite",
        "{\"folder\": \"music\", \"ttlSeconds\": 600, \"addresses\": [\"tcp://10.8.0.2:22200\"]}");
    assertEquals(200, invite.statusCode(), invite.body());
    assertEquals(new InviteRequest(FolderId.of("music"), 600L, List.of(new TcpAddress("10.8.0.2", 22200))),
        node.invites.get(0));
    InviteResponse answer = JSON.readValue(invite.body(), InviteResponse.class);
    assertEquals("chorus-invite1:AAAA", answer.token());

    HttpResponse<String> empty = post("/rest/invite", "");
    assertEquals(200, empty.statusCode(), empty.body());
    assertEquals(InviteRequest.defaults(), node.invites.get(1));

    HttpResponse<String> join = post("/rest/join", "{\"token\": \"chorus-invite1:xyz\", \"path\": \"/srv/m\"}");
    assertEquals(200, join.statusCode(), join.body());
    assertEquals(new JoinRequest("chorus-invite1:xyz", "/srv/m"), node.joins.get(0));

    HttpResponse<String> reload = post("/rest/config/reload", "");
    assertEquals(204, reload.statusCode());
    assertEquals("", reload.body());
    assertEquals(1, node.reloads.get());
  }

  @Test
  void oversizedBodyWithContentLengthIs413() throws Exception {
    String big = "{\"token\": \"" + "a".repeat(ApiServer.MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> r = post("/rest/join", big);
    assertEquals(413, r.statusCode());
    assertTrue(error(r).contains("over the limit"), r.body());
    assertTrue(node.joins.isEmpty());
    assertEquals(200, get("/rest/status").statusCode());
  }

  @Test
  void oversizedChunkedBodyIs413() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /rest/join HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
          + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      String response = null;
      try {
        for (int i = 0; i < 16; i++) {
          out.write(("2000\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // The server may close before we finish sending; the answer is already on its way.
      }
      response = readAll(s.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("over the limit"), response);
    }
    assertTrue(node.joins.isEmpty());
  }

  @Test
  void malformedRequestLineIs400() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /rest/status HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY
          + "\r\nContent-Length: banana\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String response = readAll(s.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
    }
  }

  static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    int n;
    try {
      while ((n = in.read(b)) > 0) {
        buf.write(b, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // Closed by the server after answering.
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void handlerFailureIs500AndTheServerKeepsServing() throws Exception {
    node.failStatus = new IllegalStateException("index is on fire");
    HttpResponse<String> r = get("/rest/status");
    assertEquals(500, r.statusCode());
    assertTrue(error(r).contains("index is on fire"), r.body());
    node.failStatus = null;
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get("/rest/status").statusCode());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      String one = "GET /rest/status HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY + "\r\n\r\n";
      String two = "GET /rest/nothing HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY + "\r\n\r\n";
      String three = "POST /rest/config/reload HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY
          + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write((one + two + three).getBytes(StandardCharsets.US_ASCII));
      String response = readAll(s.getInputStream());
      int a = response.indexOf("HTTP/1.1 200");
      int b = response.indexOf("HTTP/1.1 404");
      int c = response.indexOf("HTTP/1.1 204");
      assertTrue(a >= 0 && a < b && b < c, response);
    }
    assertEquals(1, node.reloads.get());
  }

  @Test
  void refusesNonLoopbackAddresses() {
    for (String host : List.of("10.0.0.1", "0.0.0.0", "::", "192.168.1.1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ApiServer.start(new TcpAddress(host, 0), KEY, ApiRoutes.standard(node)));
      assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }
  }

  @Test
  void refusesAShortKeyAndDuplicateRoutes() {
    assertThrows(IllegalArgumentException.class,
        () -> ApiServer.start(new TcpAddress("127.0.0.1", 0), "short", ApiRoutes.standard(node)));
    Route r = Route.get("/x", req -> ApiResponse.noContent());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ApiServer.start(new TcpAddress("127.0.0.1", 0), KEY, List.of(r, r)));
    assertTrue(e.getMessage().contains("two routes"), e.getMessage());
  }

  @Test
  void bindingAPortInUseFailsClearly() {
    int port = server.localAddress().getPort();
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> ApiServer.start(new TcpAddress("127.0.0.1", port), KEY, ApiRoutes.standard(node)));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void closeIsIdempotentAndStopsServing() throws Exception {
    int port = server.localAddress().getPort();
    server.close();
    server.close();
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void ipv6LoopbackWorksWhereAvailable() throws Exception {
    ApiServer six;
    try {
      six = ApiServer.start(new TcpAddress("::1", 0), KEY, ApiRoutes.standard(node));
    } catch (java.io.IOException noIpv6) {
      return; // this host has no IPv6 loopback; nothing to test
    }
    try (six) {
      assertEquals(Set.of("::1", "0:0:0:0:0:0:0:1").contains(six.address().host()), true, six.address().toString());
      HttpResponse<String> r = send(HttpRequest.newBuilder(
          URI.create("http://" + six.address().hostPort() + "/rest/status")).header("X-API-Key", KEY).GET());
      assertEquals(200, r.statusCode());
    }
  }
}
