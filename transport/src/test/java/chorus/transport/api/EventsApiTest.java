package chorus.transport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /rest/events} over real HTTP on 127.0.0.1, with the API key, against an in-memory feed. */
class EventsApiTest {
  static final String KEY = "test-key-0123456789abcdef";
  static final ObjectMapper JSON = ApiJson.lenient();
  static final FolderId MUSIC = FolderId.of("music");

  FakeNode node = new FakeNode();
  MemoryFeed feed = new MemoryFeed();
  ApiServer server;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    node.feed = feed;
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), KEY, ApiRoutes.standard(node));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + pathAndQuery))
        .header(ApiRoutes.API_KEY_HEADER, KEY).timeout(Duration.ofSeconds(120)).GET().build();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> getLater(String pathAndQuery) {
    return http.sendAsync(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
  }

  EventsReport events(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readValue(r.body(), EventsReport.class);
  }

  /**
   * Waits for a state the test cannot be told about (a request reaching the server). The deadline only
   * keeps a broken build from hanging; nothing about speed is asserted.
   */
  static void until(BooleanSupplier condition) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("the expected state was never reached");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void answersAtOnceWithTheEntriesAfterN() throws Exception {
    feed.add(MUSIC, "a.flac", FeedAction.ADDED, ChangeOrigin.LOCAL);
    feed.add(MUSIC, "b.flac", FeedAction.RENAMED, ChangeOrigin.fromPeer(FakeNode.PEER));
    HttpResponse<String> r = get("/rest/events?since=0&timeout=50");
    EventsReport report = events(r);
    assertEquals(2, report.events().size());
    assertEquals(2, report.latest());
    assertEquals(1, report.oldest());
    assertFalse(report.missed());
    assertEquals(2, report.next());

    JsonNode b = JSON.readTree(r.body()).get("events").get(1);
    assertEquals(2, b.get("seq").asLong());
    assertEquals("2026-01-01T00:00:01Z", b.get("time").asText());
    assertEquals("music", b.get("folder").asText());
    assertEquals("b.flac", b.get("path").asText());
    assertEquals("renamed", b.get("action").asText());
    assertEquals("old/b.flac", b.get("from").asText());
    assertEquals(FakeNode.PEER.toString(), b.get("origin").asText());
    assertEquals("file", b.get("type").asText());
    assertEquals("0".repeat(64), b.get("hash").asText());
    assertEquals(1234, b.get("size").asLong());
    assertEquals("local", JSON.readTree(r.body()).get("events").get(0).get("origin").asText());
    assertEquals(FileType.FILE, report.events().get(0).type());

    assertEquals(List.of("b.flac"), paths(events(get("/rest/events?since=1"))));
    assertEquals(List.of("a.flac"), paths(events(get("/rest/events?since=0&limit=1"))));
  }

  @Test
  void aLongPollReturnsTheEntryThatArrives() throws Exception {
    feed.add(MUSIC, "a.flac", FeedAction.ADDED, ChangeOrigin.LOCAL);
    CompletableFuture<HttpResponse<String>> poll = getLater("/rest/events?since=1&timeout=50");
    until(() -> feed.waiting() == 1);
    assertFalse(poll.isDone());
    feed.add(MUSIC, "b.flac", FeedAction.MODIFIED, ChangeOrigin.LOCAL);
    EventsReport report = events(poll.get());
    assertEquals(List.of("b.flac"), paths(report));
    assertEquals(2, report.next());
  }

  @Test
  void aLongPollWithAFolderFilterWaitsPastOtherFolders() throws Exception {
    CompletableFuture<HttpResponse<String>> poll = getLater("/rest/events?since=0&timeout=50&folder=music");
    until(() -> feed.waiting() == 1);
    feed.add(FolderId.of("books"), "x.epub", FeedAction.ADDED, ChangeOrigin.LOCAL);
    until(() -> feed.waiting() == 1); // woken, found nothing of music, waits again
    assertFalse(poll.isDone());
    feed.add(MUSIC, "a.flac", FeedAction.ADDED, ChangeOrigin.LOCAL);
    assertEquals(List.of("a.flac"), paths(events(poll.get())));
  }

  @Test
  void aLongPollAnswersEmptyAfterItsTimeout() throws Exception {
    EventsReport report = events(get("/rest/events?since=0&timeout=1"));
    assertEquals(List.of(), report.events());
    assertEquals(0, report.next());
    assertFalse(report.missed());
    until(() -> feed.waiting() == 0);
  }

  @Test
  void waitingPollsHoldNoHandlerThread() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // twice the executor's threads
      polls.add(getLater("/rest/events?since=0&timeout=50"));
    }
    until(() -> feed.waiting() == 4);
    HttpResponse<String> status = get("/rest/status");
    assertEquals(200, status.statusCode(), status.body());
    assertTrue(polls.stream().noneMatch(CompletableFuture::isDone), "the polls still wait");
    feed.add(MUSIC, "a.flac", FeedAction.ADDED, ChangeOrigin.LOCAL);
    for (CompletableFuture<HttpResponse<String>> p : polls) {
      assertEquals(List.of("a.flac"), paths(events(p.get())));
    }
  }

  @Test
  void tooManyWaitingPollsAreRefused() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < EventsRoute.MAX_WAITERS; i++) {
      polls.add(getLater("/rest/events?since=0&timeout=50"));
    }
    until(() -> feed.waiting() == EventsRoute.MAX_WAITERS);
    HttpResponse<String> refused = get("/rest/events?since=0&timeout=50");
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("already waiting"), refused.body());
    assertEquals(200, get("/rest/events?since=0").statusCode(), "a read that does not wait is still served");
    feed.add(MUSIC, "a.flac", FeedAction.ADDED, ChangeOrigin.LOCAL);
    for (CompletableFuture<HttpResponse<String>> p : polls) {
      assertEquals(200, p.get().statusCode());
    }
  }

  @Test
  void aClientThatGoesAwayStopsItsWait() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /rest/events?since=0&timeout=50 HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      until(() -> feed.waiting() == 1);
    }
    until(() -> feed.waiting() == 0);
  }

  @Test
  void closingTheServerEndsWaitingPolls() throws Exception {
    CompletableFuture<HttpResponse<String>> poll = getLater("/rest/events?since=0&timeout=50");
    until(() -> feed.waiting() == 1);
    server.close();
    java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, poll::get);
    assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
    until(() -> feed.waiting() == 0);
  }

  @Test
  void badParametersAreNamed() throws Exception {
    assertBad("/rest/events?since=x", "since: \"x\" is not a whole number");
    assertBad("/rest/events?since=-1", "since: -1 is outside 0..");
    assertBad("/rest/events?timeout=61", "timeout: 61 is outside 0..50");
    assertBad("/rest/events?limit=0", "limit: 0 is outside 1..10000");
    assertBad("/rest/events?since=1&since=2", "since is given 2 times");
    assertBad("/rest/events?folder=no%20spaces", "folder: ");
  }

  @Test
  void aNodeWithoutAFeedSaysSo() throws Exception {
    node.feed = null;
    HttpResponse<String> r = get("/rest/events");
    assertEquals(501, r.statusCode(), r.body());
    assertTrue(r.body().contains("no change feed"), r.body());
  }

  @Test
  void theKeyIsRequired() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/rest/events")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, r.statusCode());
  }

  private void assertBad(String pathAndQuery, String message) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(JSON.readTree(r.body()).get("error").asText().contains(message), r.body());
  }

  private static List<String> paths(EventsReport r) {
    return r.events().stream().map(EventsReport.Event::path).toList();
  }
}
