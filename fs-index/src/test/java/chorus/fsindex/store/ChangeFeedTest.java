package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.feed.FeedPage;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** The change feed over a real RocksDB index: what is recorded, how it is read, bounded and waited for. */
class ChangeFeedTest {
  static final FolderId MUSIC = FolderId.of("music");
  static final FolderId BOOKS = FolderId.of("books");
  static final DeviceId PEER = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir Path dir;
  final AtomicLong ids = new AtomicLong(1);
  final ManualClock clock = new ManualClock();
  RocksIndex index;

  @AfterEach
  void close() {
    if (index != null) {
      index.close();
    }
  }

  RocksIndex open(FeedOptions options) {
    if (index != null) {
      index.close();
    }
    index = RocksIndex.open(dir.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet, options, clock);
    return index;
  }

  FeedPage all() {
    return index.feed().since(0, 1000, null);
  }

  static List<String> lines(FeedPage page) {
    List<String> out = new ArrayList<>();
    for (FeedEntry e : page.entries()) {
      out.add(e.seq() + " " + e.action().text() + " " + e.path() + (e.renamedFrom() == null ? "" : " <- " + e.renamedFrom())
          + (e.origin().isLocal() ? "" : " from " + e.origin().peer().shortId()));
    }
    return out;
  }

  @Test
  void entriesSurviveARestartAndAreServedWithoutGaps() {
    open(FeedOptions.DEFAULT);
    FolderIndex music = index.folder(MUSIC);
    music.commit(Records.file("a.flac", 1));
    music.commit(Records.file("b.flac", 2));
    index.folder(BOOKS).commit(Records.file("c.epub", 3));
    index.sync();
    assertEquals(List.of("1 added a.flac", "2 added b.flac", "3 added c.epub"), lines(all()));

    open(FeedOptions.DEFAULT); // reopen
    assertEquals(3, index.feed().latest());
    index.folder(MUSIC).commit(Records.file("a.flac", 4));
    index.sync();
    FeedPage page = index.feed().since(2, 1000, null);
    assertEquals(List.of("3 added c.epub", "4 modified a.flac"), lines(page));
    assertEquals(new FeedPage(page.entries(), 1, 4, false, 4), page);
    FeedEntry modified = page.entries().get(1);
    assertEquals(MUSIC, modified.folder());
    assertEquals(FileType.FILE, modified.type());
    assertEquals(Records.file("a.flac", 4).contentHash(), modified.contentHash());
    assertEquals(1000, modified.size());
    assertEquals(clock.now, modified.time());
    assertTrue(modified.origin().isLocal());
  }

  @Test
  void pagesFollowOneAnotherAndAFolderFilterStillAdvances() {
    open(FeedOptions.DEFAULT);
    for (int i = 0; i < 5; i++) {
      index.folder(i % 2 == 0 ? MUSIC : BOOKS).commit(Records.file("f" + i, i + 1));
    }
    index.sync();
    FeedPage first = index.feed().since(0, 2, null);
    assertEquals(List.of("1 added f0", "2 added f1"), lines(first));
    assertEquals(2, first.next());
    assertEquals(List.of("3 added f2", "4 added f3"), lines(index.feed().since(first.next(), 2, null)));
    FeedPage books = index.feed().since(0, 10, BOOKS);
    assertEquals(List.of("2 added f1", "4 added f3"), lines(books));
    assertEquals(5, books.next());
    FeedPage none = index.feed().since(0, 10, FolderId.of("never-indexed"));
    assertEquals(List.of(), none.entries());
    assertEquals(5, none.next());
    assertThrows(IllegalArgumentException.class, () -> index.feed().since(0, 0, null));
  }

  @Test
  void readersSeeEntriesOnlyOnceTheyAreSynced() {
    open(FeedOptions.DEFAULT);
    index.folder(MUSIC).commit(Records.file("a.flac", 1));
    assertEquals(List.of(), all().entries());
    assertEquals(0, all().latest());
    index.sync();
    assertEquals(List.of("1 added a.flac"), lines(all()));
  }

  @Test
  void eachKindOfChangeGetsItsAction() {
    open(FeedOptions.DEFAULT);
    FolderIndex music = index.folder(MUSIC);
    music.commit(Records.file("a.flac", 1));
    FileRecord a = music.get("a.flac").orElseThrow();
    music.commit(a.withLocalFacts(9, 9, a.ctimeNs() + 5)); // local facts only: nothing to tell
    music.update("never.flac", old -> Records.file("never.flac", 2).toTombstone(Records.ME, 1_700_000_001L));
    music.commit(Records.dir("Album"));
    music.update("a.flac", old -> old.toTombstone(Records.ME, 1_700_000_002L));
    music.update("a.flac", old -> old.toTombstone(Records.ME, 1_700_000_003L)); // deleted again: nothing new
    index.sync();
    assertEquals(List.of("1 added a.flac", "2 added Album", "3 deleted a.flac"), lines(all()));
    FeedEntry deleted = all().entries().get(2);
    assertEquals(a.contentHash(), deleted.contentHash(), "a deletion tells what the file held");
    assertEquals(FileType.DIRECTORY, all().entries().get(1).type());
  }

  @Test
  void aPeersChangeAndAConflictCopyAreRecordedWithTheirOrigin() {
    open(FeedOptions.DEFAULT);
    FolderIndex music = index.folder(MUSIC);
    music.updateAll(List.of(
        new FolderIndex.Change("a.flac", old -> Records.file("a.flac", 1), ChangeOrigin.fromPeer(PEER)),
        new FolderIndex.Change("a.sync-conflict.flac", old -> Records.file("a.sync-conflict.flac", 2),
            ChangeOrigin.LOCAL_CONFLICT_COPY)));
    index.sync();
    assertEquals(List.of("1 added a.flac from " + PEER.shortId(), "2 conflict-copy a.sync-conflict.flac"), lines(all()));
    assertEquals(ChangeOrigin.fromPeer(PEER), all().entries().get(0).origin());
    assertEquals(ChangeOrigin.LOCAL_CONFLICT_COPY, all().entries().get(1).origin());
  }

  @Test
  void aDeletionAndAnAdditionOfTheSameContentInOneGroupAreARename() {
    open(FeedOptions.DEFAULT);
    FolderIndex music = index.folder(MUSIC);
    music.commit(Records.file("old/a.flac", 1, 2));
    music.commit(Records.file("other.flac", 3));
    music.updateAll(List.of(
        new FolderIndex.Change("new/a.flac", old -> Records.file("new/a.flac", 1, 2)),
        new FolderIndex.Change("old/a.flac", old -> old.toTombstone(Records.ME, 1_700_000_100L)),
        new FolderIndex.Change("other.flac", old -> old.toTombstone(Records.ME, 1_700_000_100L)),
        new FolderIndex.Change("copy.flac", old -> Records.file("copy.flac", 1, 2))));
    index.sync();
    assertEquals(List.of("1 added old/a.flac", "2 added other.flac", "3 renamed new/a.flac <- old/a.flac",
        "4 deleted other.flac", "5 added copy.flac"), lines(all()));
  }

  @Test
  void theCountBoundTrimsTheOldestAndAReaderBehindItIsTold() {
    open(new FeedOptions(Duration.ofDays(30), 3, 2));
    FolderIndex music = index.folder(MUSIC);
    for (int i = 1; i <= 6; i++) {
      music.commit(Records.file("f" + i, i));
    }
    index.sync();
    FeedPage page = all();
    assertEquals(List.of("4 added f4", "5 added f5", "6 added f6"), lines(page));
    assertTrue(page.missed());
    assertEquals(4, page.oldest());
    assertFalse(index.feed().since(3, 10, null).missed(), "a reader at 3 has missed nothing");
    assertEquals(6, index.feed().since(3, 10, null).next());

    open(new FeedOptions(Duration.ofDays(30), 3, 2)); // the bounds are read back, not kept in memory only
    assertEquals(4, index.feed().since(5, 10, null).oldest());
    assertTrue(index.feed().since(2, 10, null).missed());
  }

  @Test
  void theAgeBoundTrimsOldEntriesButKeepsTheNewest() {
    open(new FeedOptions(Duration.ofDays(30), 1000, 1000));
    FolderIndex music = index.folder(MUSIC);
    music.commit(Records.file("old1", 1));
    music.commit(Records.file("old2", 2));
    clock.now = clock.now.plus(Duration.ofDays(20));
    music.commit(Records.file("young", 3));
    index.sync();
    clock.now = clock.now.plus(Duration.ofDays(15));
    index.feed().trim();
    assertEquals(List.of("3 added young"), lines(all()));
    assertTrue(all().missed());

    clock.now = clock.now.plus(Duration.ofDays(365));
    index.feed().trim();
    assertEquals(List.of("3 added young"), lines(all()), "the newest entry stays, so the sequence survives");
    open(new FeedOptions(Duration.ofDays(30), 1000, 1000));
    index.folder(MUSIC).commit(Records.file("next", 4));
    index.sync();
    assertEquals(List.of("4 added next"), lines(index.feed().since(3, 10, null)));
  }

  @Test
  void aPositionBeyondTheLatestIsAMiss() {
    open(FeedOptions.DEFAULT);
    index.folder(MUSIC).commit(Records.file("a", 1));
    index.sync();
    FeedPage page = index.feed().since(500, 10, null); // e.g. the index was rebuilt
    assertTrue(page.missed());
    assertEquals(List.of("1 added a"), lines(page), "the reader starts again from what is held");
    assertEquals(1, page.next());
  }

  @Test
  void aWaitEndsWhenAnEntryAfterItIsSynced() throws Exception {
    open(FeedOptions.DEFAULT);
    index.folder(MUSIC).commit(Records.file("a", 1));
    index.sync();
    assertTrue(index.feed().awaitAfter(0).isDone());
    CompletableFuture<Long> waiting = index.feed().awaitAfter(1);
    assertFalse(waiting.isDone());
    index.folder(MUSIC).commit(Records.file("b", 2));
    assertFalse(waiting.isDone(), "written but not synced");
    index.sync();
    assertEquals(2L, waiting.get());
    assertEquals(List.of("2 added b"), lines(index.feed().since(1, 10, null)));
    assertEquals(0, index.feed().waiting());
  }

  @Test
  void aCancelledWaitIsForgotten() {
    open(FeedOptions.DEFAULT);
    CompletableFuture<Long> waiting = index.feed().awaitAfter(0);
    assertEquals(1, index.feed().waiting());
    waiting.cancel(false);
    assertEquals(0, index.feed().waiting());
  }

  @Test
  void anIndexMadeBeforeTheFeedOpensAndGetsOne() throws Exception {
    open(FeedOptions.DEFAULT);
    index.folder(MUSIC).commit(Records.file("a", 1));
    index.close();
    index = null;
    dropFeedFamily(dir.resolve("index"));

    try (RocksIndex reader = RocksIndex.openReadOnly(dir.resolve("index"))) {
      assertEquals(0, reader.feed().latest());
      assertEquals(List.of(), reader.feed().since(0, 10, null).entries());
      assertEquals(1, reader.findFolder(MUSIC).orElseThrow().totals().files());
    }
    open(FeedOptions.DEFAULT);
    assertEquals(1, index.folder(MUSIC).totals().files());
    index.folder(MUSIC).commit(Records.file("b", 2));
    index.sync();
    assertEquals(List.of("1 added b"), lines(all()));
  }

  /** Makes the index look like one written before the feed existed. */
  private static void dropFeedFamily(Path path) throws Exception {
    try (RocksSetup setup = new RocksSetup(IndexOptions.DEFAULT)) {
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      List<ColumnFamilyDescriptor> descriptors = setup.descriptors;
      try (DBOptions options = new DBOptions(setup.dbOptions);
          RocksDB db = RocksDB.open(options, path.toString(), descriptors, handles)) {
        ColumnFamilyHandle feed = handles.get(RocksSetup.FAMILIES.indexOf(KeySchema.FEED));
        db.dropColumnFamily(feed);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  @Test
  void entriesRoundTripThroughTheCodecAndCorruptionIsNamed() throws Exception {
    var draft = new FeedEntryCodec.Draft("new/a.flac", FeedAction.RENAMED, "old/a.flac", ChangeOrigin.fromPeer(PEER),
        FileType.FILE, Records.hash(5), 123_456);
    byte[] bytes = FeedEntryCodec.encode(1_767_225_600_123L, 7, draft);
    FeedEntry e = FeedEntryCodec.decode(42, bytes, key -> key == 7 ? MUSIC : null);
    assertEquals(new FeedEntry(42, Instant.ofEpochMilli(1_767_225_600_123L), MUSIC, "new/a.flac", FeedAction.RENAMED,
        "old/a.flac", ChangeOrigin.fromPeer(PEER), FileType.FILE, Records.hash(5), 123_456), e);
    assertEquals(1_767_225_600_123L, FeedEntryCodec.timeOf(bytes));
    var dir = new FeedEntryCodec.Draft("Album", FeedAction.ADDED, null, ChangeOrigin.LOCAL, FileType.DIRECTORY, null, 0);
    FeedEntry d = FeedEntryCodec.decode(1, FeedEntryCodec.encode(5, 7, dir), key -> MUSIC);
    assertNull(d.contentHash());
    assertNull(d.renamedFrom());

    assertThrows(ByteReader.MalformedException.class,
        () -> FeedEntryCodec.decode(42, java.util.Arrays.copyOf(bytes, bytes.length - 1), key -> MUSIC));
    assertThrows(ByteReader.MalformedException.class,
        () -> FeedEntryCodec.decode(42, java.util.Arrays.copyOf(bytes, bytes.length + 1), key -> MUSIC));
    assertThrows(ByteReader.MalformedException.class, () -> FeedEntryCodec.decode(42, bytes, key -> null));
    byte[] badAction = bytes.clone();
    badAction[12] = 9;
    ByteReader.MalformedException m = assertThrows(ByteReader.MalformedException.class,
        () -> FeedEntryCodec.decode(42, badAction, key -> MUSIC));
    assertTrue(m.getMessage().contains("action code 9"), m.getMessage());
  }
}
