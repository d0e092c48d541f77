package chorus.transport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate, aggregator and dispatcher on an EmbeddedChannel: every buffer handed in must be released,
 * whichever way the request is answered, and answers leave in order.
 */
class ApiPipelineTest {
  static final String KEY = "pipeline-key-0123456789";
  static final int MAX = 1024;

  final List<String> seenBodies = new CopyOnWriteArrayList<>();
  final List<ByteBuf> handedIn = new ArrayList<>();
  final EmbeddedChannel ch = new EmbeddedChannel();

  ApiPipelineTest() {
    List<Route> routes = List.of(
        Route.post("/echo", r -> {
          seenBodies.add(new String(r.body(), StandardCharsets.UTF_8));
          return ApiResponse.ok(java.util.Map.of("length", r.body().length));
        }),
        Route.get("/boom", r -> {
          throw new IllegalStateException("boom");
        }));
    // A direct executor: handlers run inline, the write-back is queued on the embedded event loop.
    ApiServer.initPipeline(ch.pipeline(), new ApiKey(KEY), new RouteTable(routes), Runnable::run, MAX, false);
  }

  @AfterEach
  void allBuffersReleased() {
    ch.finishAndReleaseAll();
    for (ByteBuf b : handedIn) {
      assertEquals(0, b.refCnt(), "a buffer handed to the pipeline was not released");
    }
  }

  ByteBuf buf(String s) {
    ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    handedIn.add(b);
    return b;
  }

  HttpRequest head(HttpMethod method, String uri, String key, long contentLength) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    if (key != null) {
      r.headers().set("X-API-Key", key);
    }
    if (contentLength >= 0) {
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    } else {
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return r;
  }

  FullHttpResponse response() {
    ch.runPendingTasks();
    Object o = ch.readOutbound();
    return (FullHttpResponse) o;
  }

  static int status(FullHttpResponse r) {
    try {
      return r.status().code();
    } finally {
      r.release();
    }
  }

  @Test
  void aRejectedRequestsBodyIsReleasedAndTheConnectionClosed() {
    // All in one read, as they would arrive in one TCP segment: the connection closes mid-way.
    ch.writeInbound(head(HttpMethod.POST, "/echo", "wrong-key-0123456789", 10),
        new DefaultHttpContent(buf("01234")), new DefaultLastHttpContent(buf("56789")));
    assertEquals(401, status(response()));
    assertTrue(seenBodies.isEmpty());
    assertFalse(ch.isOpen());
  }

  @Test
  void aTooLongContentLengthIsRefusedBeforeTheBody() {
    ch.writeInbound(head(HttpMethod.POST, "/echo", KEY, MAX + 1), new DefaultLastHttpContent(buf("x".repeat(MAX + 1))));
    assertEquals(413, status(response()));
    assertTrue(seenBodies.isEmpty());
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() {
    List<Object> parts = new ArrayList<>();
    parts.add(head(HttpMethod.POST, "/echo", KEY, -1));
    for (int i = 0; i < 5; i++) {
      parts.add(new DefaultHttpContent(buf("y".repeat(300))));
    }
    parts.add(new DefaultLastHttpContent(buf("end")));
    ch.writeInbound(parts.toArray());
    assertEquals(413, status(response()));
    assertTrue(seenBodies.isEmpty());
  }

  @Test
  void aBodyTheDecoderCouldNotParseIs400() {
    DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo", buf("x"));
    r.headers().set("X-API-Key", KEY);
    r.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad chunk size")));
    ch.writeInbound(r);
    FullHttpResponse response = response();
    assertTrue(response.content().toString(StandardCharsets.UTF_8).contains("bad chunk size"));
    assertEquals(400, status(response));
    assertTrue(seenBodies.isEmpty());
  }

  @Test
  void aFullExecutorIs503() {
    EmbeddedChannel busy = new EmbeddedChannel();
    ApiServer.initPipeline(busy.pipeline(), new ApiKey(KEY), new RouteTable(List.of(
        Route.get("/x", r -> ApiResponse.noContent()))), task -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        }, MAX, false);
    DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x", buf(""));
    r.headers().set("X-API-Key", KEY);
    busy.writeInbound(r);
    busy.runPendingTasks();
    assertEquals(503, status((FullHttpResponse) busy.readOutbound()));
    busy.finishAndReleaseAll();
  }

  @Test
  void aGoodRequestReachesTheHandlerAndItsBufferIsReleased() {
    ch.writeInbound(head(HttpMethod.POST, "/echo", KEY, 7));
    ch.writeInbound(new DefaultHttpContent(buf("{\"a\"")));
    ch.writeInbound(new DefaultLastHttpContent(buf(":1}")));
    FullHttpResponse r = response();
    assertEquals("{\"length\":7}", r.content().toString(StandardCharsets.UTF_8));
    assertEquals(200, status(r));
    assertEquals(List.of("{\"a\":1}"), seenBodies);
    assertTrue(ch.isOpen(), "keep-alive");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAfterAFailure() {
    DefaultFullHttpRequest boom = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/boom", buf(""));
    boom.headers().set("X-API-Key", KEY);
    DefaultFullHttpRequest echo = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo", buf("hi"));
    echo.headers().set("Authorization", "Bearer " + KEY).set(HttpHeaderNames.CONTENT_LENGTH, 2);
    DefaultFullHttpRequest missing = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/missing", buf(""));
    missing.headers().set("X-API-Key", KEY);
    ch.writeInbound(boom, echo, missing);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10 && statuses.size() < 3; i++) {
      ch.runPendingTasks();
      Object o;
      while ((o = ch.readOutbound()) != null) {
        statuses.add(status((FullHttpResponse) o));
      }
    }
    assertEquals(List.of(500, 200, 404), statuses);
    assertEquals(List.of("hi"), seenBodies);
    assertNull(ch.readOutbound());
  }
}
