package chorus.core.sync;

import static chorus.core.sync.Fakes.dir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.protocol.ClusterConfig;
import chorus.core.model.FileType;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.RefusedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exchange's rules over in-memory fakes, run inline. */
class IndexExchangeTest {
  private static final FolderId MUSIC = FolderId.of("music");
  private static final FolderId OTHER = FolderId.of("other");
  private static final DeviceId PEER = Fakes.device(1);
  private static final ShortId ME = Fakes.device(9).shortId();
  private static final ShortId THEM = PEER.shortId();

  private final Fakes.Store music = new Fakes.Store(0x1111);
  private final Fakes.Store other = new Fakes.Store(0x2222);
  private final List<String> violations = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final List<RuntimeException> failures = new ArrayList<>();
  private final IndexExchange exchange = new IndexExchange(this::config,
      f -> Optional.ofNullable(Map.of(MUSIC, (FolderStore) music, OTHER, other).get(f)), Fakes.LIMITS, Runnable::run,
      new ExchangeEvents() {
        @Override
        public void violation(DeviceId peer, String reason) {
          violations.add(reason);
        }

        @Override
        public void refused(DeviceId peer, FolderId folder, String path, String reason) {
          refusals.add(path + ": " + reason);
        }
      }, failures::add);

  private ChorusConfig config() {
    return new ChorusConfig("me", TcpAddress.parseUri("tcp://127.0.0.1:0"), TcpAddress.parseHostPort("127.0.0.1:1"),
        "0123456789abcdef0123", List.of(new FolderConfig(MUSIC, "/m", FolderType.SEND_RECEIVE, List.of(PEER)),
            new FolderConfig(OTHER, "/o", FolderType.SEND_RECEIVE, List.of())), List.of(), null);
  }

  private static ClusterConfig cc(long theirIndexId, long peerIndexId, long peerMaxSequence) {
    return new ClusterConfig(List.of(
        new ClusterConfig.SharedFolder(MUSIC, FolderType.SEND_RECEIVE, theirIndexId, 5, peerIndexId, peerMaxSequence)));
  }

  private void localRecords(int n) {
    for (int i = 1; i <= n; i++) {
      music.local(dir("d" + i, i, ME, i));
    }
    exchange.localSynced(MUSIC, music.last());
  }

  @Test
  void aNewPeerGetsTheWholeIndexInFullFirstBatchesThatFit() {
    localRecords(7);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), link.sequences());
    assertEquals(3, link.sent.size(), "three records fit a batch");
    assertTrue(link.sent.get(0).full());
    assertFalse(link.sent.get(1).full());
    assertEquals(0x1111, link.sent.get(0).indexId());
  }

  @Test
  void aPeerHoldingOurIndexGetsOnlyNewerRecords() {
    localRecords(7);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0x1111, 5));
    assertEquals(List.of(6L, 7L), link.sequences());
    assertFalse(link.sent.get(0).full());
  }

  @Test
  void aPeerClaimingMoreThanWeHaveOrAnotherIndexGetsEverything() {
    localRecords(2);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0x1111, 9));
    assertEquals(List.of(1L, 2L), link.sequences());
    assertTrue(link.sent.get(0).full());
  }

  @Test
  void anEmptyIndexStillSendsOneFullBatch() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0x9999, 3));
    assertEquals(1, link.sent.size());
    assertTrue(link.sent.get(0).full());
    assertTrue(link.sent.get(0).files().isEmpty());
  }

  @Test
  void deltasFollowLocalChangesOnlyAfterTheyAreDurable() {
    localRecords(2);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0x1111, 2));
    assertTrue(link.sent.isEmpty());
    music.local(dir("d1", 3, ME, 10)); // changed again: d1 moves to sequence 3
    music.local(dir("d9", 4, ME, 1));
    assertTrue(link.sent.isEmpty(), "not announced before the scan synced");
    exchange.localSynced(MUSIC, 3);
    assertEquals(List.of(3L), link.sequences(), "only up to the durable mark");
    exchange.localSynced(MUSIC, 4);
    assertEquals(List.of(3L, 4L), link.sequences());
    exchange.localSynced(MUSIC, 4);
    assertEquals(2, link.sent.size(), "nothing new, nothing sent");
  }

  @Test
  void updatesAreStoredWithTheirMarkAndResume() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("a", 1, THEM, 1), dir("b", 2, THEM, 1))));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("c", 5, THEM, 1))));
    assertNull(link.closedWith);
    assertEquals(new IndexMark(0xAA, 5), music.marks.get(PEER));
    assertEquals(List.of("a", "b", "c"), List.copyOf(music.peers.get(PEER).keySet()));
  }

  private static FileRecord with(FileRecord r, FileType type, long size, int permissions, String path) {
    return new FileRecord(path, type, size, r.mtimeNs(), permissions, 0, 0, 0, r.deleted(), r.version(), r.sequence(),
        r.modifiedBy(), List.of(), null, type == FileType.SYMLINK ? "t" : null);
  }

  @Test
  void hostileRecordsAreRefusedOneByOneAndTheRestIsStored() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    List<FileRecord> files = List.of(
        dir("good", 1, THEM, 1),
        with(dir("x", 2, THEM, 1), FileType.DIRECTORY, 0, 04755, "setuid"),
        with(dir("x", 3, THEM, 1), FileType.DIRECTORY, 5, 0755, "sized"),
        dir(".chorus-tmp.x", 4, THEM, 1),
        dir("a/.chorus-versions/y", 5, THEM, 1),
        dir("also good", 7, THEM, 1));
    // Sequence 6 and 8: records the decoder could not even build (their paths are not relative paths).
    List<RefusedRecord> fromWire = List.of(new RefusedRecord("../x", 6, "path has a '..' segment", null),
        new RefusedRecord("/etc/x", 8, "path absolute", null));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, files, fromWire));

    assertNull(link.closedWith, "the connection stays");
    assertEquals(List.of(), violations);
    assertEquals(List.of("also good", "good"), List.copyOf(music.peers.get(PEER).keySet()));
    assertEquals(new IndexMark(0xAA, 8), music.marks.get(PEER), "the mark moves past refused records");
    assertEquals(6, refusals.size(), refusals.toString());
    assertTrue(refusals.get(0).startsWith("setuid: permissions 4755"), refusals.toString());
    assertTrue(refusals.get(1).startsWith("sized: a directory has size 5"), refusals.toString());
    assertTrue(refusals.get(2).startsWith(".chorus-tmp.x: path uses chorus's reserved name"), refusals.toString());
    assertTrue(refusals.get(3).startsWith("a/.chorus-versions/y: path uses"), refusals.toString());
    assertTrue(refusals.get(4).startsWith("../x:"), refusals.toString());
    assertTrue(refusals.get(5).startsWith("/etc/x:"), refusals.toString());
  }

  @Test
  void anUpdateOfOnlyRefusedRecordsStillMovesTheMark() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(),
        List.of(new RefusedRecord("../x", 3, "bad", null))));
    assertNull(link.closedWith);
    assertEquals(new IndexMark(0xAA, 3), music.marks.get(PEER));
    // Resent with the same sequence, it is an old record: that is a protocol violation.
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(),
        List.of(new RefusedRecord("../x", 3, "bad", null))));
    assertTrue(link.closedWith.contains("not beyond 3"), link.closedWith);
  }

  @Test
  void doneRunsOnceAnUpdateIsDealtWithWhateverHappened() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    int[] done = {0};
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("a", 1, THEM, 1))), () -> done[0]++);
    exchange.indexUpdate(link, new IndexUpdate(OTHER, 0xAA, true, List.of()), () -> done[0]++); // a violation
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of()), () -> done[0]++); // dropped: closed
    assertEquals(3, done[0]);
  }

  @Test
  void aNewIndexIdClearsWhatWeHeld() {
    music.storePeer(PEER, List.of(dir("old", 3, THEM, 1)), new IndexMark(0xAA, 3), false);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xBB, 0, 0));
    assertTrue(music.held(PEER).isEmpty());
    assertNull(music.peers.get(PEER));
  }

  @Test
  void theSameIndexIdKeepsWhatWeHeld() {
    music.storePeer(PEER, List.of(dir("old", 3, THEM, 1)), new IndexMark(0xAA, 3), false);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    assertEquals(new IndexMark(0xAA, 3), music.held(PEER).orElseThrow());
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("new", 4, THEM, 1))));
    assertEquals(2, music.peers.get(PEER).size());
  }

  private void assertRefused(IndexUpdate bad, String reasonPart) {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    music.storePeer(PEER, List.of(dir("held", 4, THEM, 1)), new IndexMark(0xAA, 4), false);
    int writes = music.writes;
    exchange.indexUpdate(link, bad);
    assertTrue(link.closedWith != null && link.closedWith.contains(reasonPart), link.closedWith);
    assertEquals(writes, music.writes, "nothing stored");
    assertEquals(new IndexMark(0xAA, 4), music.marks.get(PEER));
    assertEquals(List.of("held"), List.copyOf(music.peers.get(PEER).keySet()), "nothing forgotten");
    assertEquals(1, violations.size());
    // Later messages on the closed connection are ignored.
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("late", 9, THEM, 1))));
    assertEquals(writes, music.writes);
  }

  @Test
  void anUpdateForAFolderNotSharedWithThePeerIsAViolation() {
    assertRefused(new IndexUpdate(OTHER, 0xAA, true, List.of(dir("x", 1, THEM, 1))), "not shared with you");
  }

  @Test
  void anUpdateForAFolderMissingFromTheirClusterConfigIsAViolation() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, new ClusterConfig(List.of()));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("x", 1, THEM, 1))));
    assertTrue(link.closedWith.contains("does not list"), link.closedWith);
  }

  @Test
  void aWrongIndexIdIsAViolation() {
    assertRefused(new IndexUpdate(MUSIC, 0xAB, false, List.of(dir("x", 5, THEM, 1))), "announced aa");
  }

  @Test
  void aSequenceNotBeyondWhatWeHoldIsAViolation() {
    assertRefused(new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("x", 4, THEM, 1))), "not beyond 4");
  }

  @Test
  void localFactsAreAViolation() {
    FileRecord withInode = dir("x", 5, THEM, 1).withLocalFacts(77, 0, 0);
    assertRefused(new IndexUpdate(MUSIC, 0xAA, false, List.of(withInode)), "local-only facts");
  }

  @Test
  void anAuthorMissingFromTheVersionIsAViolation() {
    FileRecord r = dir("x", 5, THEM, 1);
    FileRecord forged = new FileRecord("x", r.type(), 0, 0, 0755, 0, 0, 0, false, r.version(), 5, ME, List.of(), null, null);
    assertRefused(new IndexUpdate(MUSIC, 0xAA, false, List.of(forged)), "not in its version");
  }

  @Test
  void aRecordTheStoreRefusesIsAViolationAndNothingOfTheBatchIsStored() {
    assertRefused(new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("fine", 5, THEM, 1), dir("refuse", 6, THEM, 1))),
        "refused by the store");
  }

  @Test
  void aRefusedFullIndexForgetsNothing() {
    assertRefused(new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("refuse", 1, THEM, 1))), "refused by the store");
  }

  @Test
  void aFullIndexReplacesWhatWasHeld() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    music.storePeer(PEER, List.of(dir("held", 4, THEM, 1)), new IndexMark(0xAA, 4), false);
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("new", 1, THEM, 1))));
    assertNull(link.closedWith);
    assertEquals(List.of("new"), List.copyOf(music.peers.get(PEER).keySet()));
    assertEquals(new IndexMark(0xAA, 1), music.marks.get(PEER));
  }

  @Test
  void aLocalFailureClosesTheConnectionSoBothSidesResumeFromTheirMarks() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0xAA, 0, 0));
    music.failWrites = true;
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("a", 1, THEM, 1))));
    assertTrue(link.closedWith.startsWith("index exchange failed on our side: disk on fire"), link.closedWith);
    assertEquals(1, failures.size());
    assertTrue(music.held(PEER).isEmpty());
    music.failWrites = false;
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(dir("b", 2, THEM, 1))));
    assertTrue(music.held(PEER).isEmpty(), "nothing more is taken from the closed connection");
  }

  @Test
  void messagesFromAReplacedConnectionAreIgnored() {
    Fakes.Link old = new Fakes.Link(PEER);
    exchange.connected(old, cc(0xAA, 0, 0));
    Fakes.Link now = new Fakes.Link(PEER);
    exchange.connected(now, cc(0xAA, 0, 0));
    exchange.indexUpdate(old, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("stale", 1, THEM, 1))));
    assertTrue(music.held(PEER).isEmpty());
    exchange.indexUpdate(now, new IndexUpdate(MUSIC, 0xAA, true, List.of(dir("fresh", 1, THEM, 1))));
    assertEquals(List.of("fresh"), List.copyOf(music.peers.get(PEER).keySet()));
    localRecords(1);
    assertEquals(List.of(1L), now.sequences());
    assertEquals(List.of(), old.sequences(), "deltas go to the current connection only");
  }

  @Test
  void foldersNotSharedWithThePeerAreNeverSent() {
    other.local(dir("secret", 1, ME, 1));
    exchange.localSynced(OTHER, 1);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, new ClusterConfig(List.of(
        new ClusterConfig.SharedFolder(OTHER, FolderType.SEND_RECEIVE, 0xAA, 0, 0, 0))));
    assertTrue(link.sent.isEmpty());
  }
}
