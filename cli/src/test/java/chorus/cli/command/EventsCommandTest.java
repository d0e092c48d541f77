package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.core.feed.ChangeOrigin;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.ContentHash;
import chorus.fsindex.store.FeedOptions;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.IndexOptions;
import chorus.fsindex.store.RocksIndex;
import chorus.transport.api.ApiRoutes;
import chorus.transport.api.ApiServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus events} against the local API over a real index's change feed. */
class EventsCommandTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final ShortId ME = new ShortId(0x1122_3344_5566_7788L);
  static final Instant NOW = Instant.parse("2026-12-02T13:41:21.123Z");

  @TempDir Path tmp;
  FakeNode node = new FakeNode(Clock.systemUTC());
  RocksIndex index;
  ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (index != null) {
      index.close();
    }
  }

  CliHarness running(FeedOptions feed) throws Exception {
    AtomicLong ids = new AtomicLong(5);
    index = RocksIndex.open(tmp.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet, feed,
        Clock.fixed(NOW, ZoneOffset.UTC));
    node.feed = index.feed();
    server = ApiServer.start(new TcpAddress("127.0.0.1", 0), CliHarness.KEY, ApiRoutes.standard(node));
    return new CliHarness(tmp.resolve("home"), server.address(), Clock.systemUTC());
  }

  static FileRecord file(String path, int content) {
    byte[] h = new byte[32];
    h[0] = (byte) content;
    List<ChunkRef> chunks = List.of(new ChunkRef(0, 100 + content, ChunkHash.ofBytes(h)));
    return new FileRecord(path, FileType.FILE, 100 + content, 1_700_000_000_000_000_000L, 0644, 1, 1, 0, false,
        VersionVector.EMPTY.update(ME, 1_700_000_000L), 0, ME, chunks, ContentHash.of(chunks), null);
  }

  void change(FolderId folder, String path, int content, ChangeOrigin origin) {
    FolderIndex f = index.folder(folder);
    f.updateAll(List.of(new FolderIndex.Change(path, old -> file(path, content), origin)));
    f.sync();
  }

  @Test
  void printsOneLinePerEntry() throws Exception {
    CliHarness h = running(FeedOptions.DEFAULT);
    DeviceId peer = FakeNode.STRANGER;
    change(MUSIC, "Artist/01.flac", 1, ChangeOrigin.LOCAL);
    change(MUSIC, "Artist/01.flac", 2, ChangeOrigin.fromPeer(peer));
    change(FolderId.of("books"), "x.epub", 3, ChangeOrigin.LOCAL);
    CliHarness.Result r = h.run("events");
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("\n",
        "1  2026-12-02T13:41:21.123Z  music  added  Artist/01.flac",
        "2  2026-12-02T13:41:21.123Z  music  modified  Artist/01.flac  by " + peer.toString().substring(0, 7),
        "3  2026-12-02T13:41:21.123Z  books  added  x.epub") + "\n", r.out());
    assertEquals("", r.err());

    assertEquals("3  2026-12-02T13:41:21.123Z  books  added  x.epub\n", h.run("events", "--since", "2").out());
    assertEquals(2, h.run("events", "--folder", "music").out().lines().count());
    assertEquals("", h.run("events", "--since", "3").out());
  }

  @Test
  void jsonIsOneObjectPerLine() throws Exception {
    CliHarness h = running(FeedOptions.DEFAULT);
    change(MUSIC, "a.flac", 1, ChangeOrigin.LOCAL);
    change(MUSIC, "b.flac", 2, ChangeOrigin.LOCAL_CONFLICT_COPY);
    CliHarness.Result r = h.run("events", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    JsonNode b = new ObjectMapper().readTree(lines.get(1));
    assertEquals(2, b.get("seq").asLong());
    assertEquals("conflict-copy", b.get("action").asText());
    assertEquals("b.flac", b.get("path").asText());
    assertEquals("local", b.get("origin").asText());
    assertEquals("file", b.get("type").asText());
    assertEquals(102, b.get("size").asLong());
    assertEquals(file("b.flac", 2).contentHash().toHex(), b.get("hash").asText());
  }

  @Test
  void missedEntriesAreReportedOnStderr() throws Exception {
    CliHarness h = running(new FeedOptions(Duration.ofDays(30), 2, 1));
    for (int i = 1; i <= 4; i++) {
      change(MUSIC, "f" + i, i, ChangeOrigin.LOCAL);
    }
    CliHarness.Result r = h.run("events", "--since", "0");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("3", "4"), r.out().lines().map(l -> l.split(" ")[0]).toList());
    assertTrue(r.err().contains("missed entries 1..2"), r.err());
    assertTrue(r.err().contains("going on from 3"), r.err());

    CliHarness.Result beyond = h.run("events", "--since", "99");
    assertTrue(beyond.err().contains("beyond the daemon's latest entry (4)"), beyond.err());
  }

  @Test
  void followPrintsEntriesAsTheyArrive() throws Exception {
    CliHarness h = running(FeedOptions.DEFAULT);
    change(MUSIC, "a.flac", 1, ChangeOrigin.LOCAL);
    CompletableFuture<CliHarness.Result> follow = CompletableFuture.supplyAsync(() -> h.run("events", "--follow"));
    change(MUSIC, "b.flac", 2, ChangeOrigin.LOCAL);
    // Once it waits past entry 2 it has printed both; the only way to end --follow is to stop the daemon.
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // against a hang, not a speed check
    while (index.feed().waiting() == 0) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("chorus events --follow never waited past entry 2");
      }
      Thread.sleep(5);
    }
    server.close();
    CliHarness.Result r = follow.get();
    assertEquals(List.of("a.flac", "b.flac"), r.out().lines().map(l -> l.split("  ")[4]).toList(), r.toString());
    assertTrue(r.code() == 1 || r.code() == 4, r.toString());
  }

  @Test
  void aDaemonThatIsNotRunningIsExitFour() throws Exception {
    CliHarness h = new CliHarness(tmp.resolve("home"), StatusCommandTest.nothingListening(), Clock.systemUTC());
    CliHarness.Result r = h.run("events");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("chorus is not running"), r.err());
  }

  @Test
  void aDaemonWithoutAFeedIsAFailure() throws Exception {
    CliHarness h = running(FeedOptions.DEFAULT);
    node.feed = null;
    CliHarness.Result r = h.run("events");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("no change feed"), r.err());
  }
}
