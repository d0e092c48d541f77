package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.ReferencedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Large files whose content the peer holds go to it without their chunk lists, and come from it that way:
 * a rename, a move, or the peer's announcement of a file it pulled from us costs a header and two hashes.
 */
class RecordsByReferenceTest {
  private static final FolderId MUSIC = FolderId.of("music");
  private static final DeviceId PEER = Fakes.device(1);
  private static final ShortId ME = Fakes.device(9).shortId();
  private static final ShortId THEM = PEER.shortId();

  private final Fakes.Store music = new Fakes.Store(0x1111);
  private final List<String> violations = new ArrayList<>();
  private final IndexExchange exchange = new IndexExchange(this::config,
      f -> Optional.ofNullable(Map.of(MUSIC, (FolderStore) music).get(f)), Fakes.LIMITS, Runnable::run,
      new ExchangeEvents() {
        @Override
        public void violation(DeviceId peer, String reason) {
          violations.add(reason);
        }
      }, e -> { throw e; });

  private ChorusConfig config() {
    return new ChorusConfig("me", TcpAddress.parseUri("tcp://127.0.0.1:0"), TcpAddress.parseHostPort("127.0.0.1:1"),
        "0123456789abcdef0123",
        List.of(new FolderConfig(MUSIC, "/m", FolderType.SEND_RECEIVE, List.of(PEER))), List.of(), null);
  }

  private static ClusterConfig cc(long peerIndexId, long peerMaxSequence) {
    return new ClusterConfig(List.of(
        new ClusterConfig.SharedFolder(MUSIC, FolderType.SEND_RECEIVE, 0xAA, 5, peerIndexId, peerMaxSequence)));
  }

  /** A file of {@code chunks} chunks of 1000 bytes whose hashes are derived from {@code content}. */
  private static FileRecord file(String path, long seq, ShortId by, int content, int chunks) {
    List<ChunkRef> refs = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      byte[] h = new byte[32];
      h[0] = (byte) content;
      h[1] = (byte) i;
      refs.add(new ChunkRef(i * 1000L, 1000, ChunkHash.ofBytes(h)));
    }
    byte[] c = new byte[32];
    c[0] = (byte) content;
    c[31] = (byte) chunks;
    return new FileRecord(path, FileType.FILE, chunks * 1000L, 1_000, 0644, 0, 0, 0, false,
        VersionVector.of(List.of(new VersionVector.Counter(by, seq))), seq, by, refs, ChunkHash.ofBytes(c), null);
  }

  private List<String> referencedPaths(Fakes.Link link) {
    List<String> out = new ArrayList<>();
    link.sent.forEach(u -> u.references().forEach(r -> out.add(r.path())));
    return out;
  }

  private List<String> fullPaths(Fakes.Link link) {
    List<String> out = new ArrayList<>();
    link.sent.forEach(u -> u.files().forEach(r -> out.add(r.path())));
    return out;
  }

  @Test
  void aLargeFileWhoseContentThePeerAnnouncedGoesWithoutItsChunkList() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0x1111, 0));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true,
        List.of(file("old/a.flac", 1, THEM, 7, 40), file("small.txt", 2, THEM, 8, 3))));

    music.local(file("new/a.flac", 1, ME, 7, 40)); // moved here: the same content
    music.local(file("copy.txt", 2, ME, 8, 3)); // same content, but too small to be worth it
    music.local(file("other.flac", 3, ME, 9, 40)); // content the peer never announced
    exchange.localSynced(MUSIC, 3);

    assertEquals(List.of("new/a.flac"), referencedPaths(link));
    assertEquals(List.of("copy.txt", "other.flac"), fullPaths(link));
    ReferencedRecord ref = link.sent.get(link.sent.size() - 1).references().get(0);
    FileRecord ours = music.log.get(1L);
    assertEquals(ours.contentHash(), ref.contentHash());
    assertEquals(ours.chunks().get(0).hash(), ref.firstChunk());
    assertEquals(ours.version(), ref.version());
  }

  @Test
  void whatThePeerHeldBeforeThisConnectionCountsToo() {
    music.peers.computeIfAbsent(PEER, p -> new java.util.TreeMap<>()).put("a.flac", file("a.flac", 4, THEM, 7, 40));
    music.local(file("b.flac", 1, ME, 7, 40));
    exchange.localSynced(MUSIC, 1);
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0x1111, 0));
    assertEquals(List.of("b.flac"), referencedPaths(link));
  }

  @Test
  void aReferenceIsResolvedFromOurOwnFileWithThatContent() {
    music.local(file("a.flac", 1, ME, 7, 40));
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0x1111, 1));
    FileRecord theirs = file("renamed.flac", 3, THEM, 7, 40);
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, false, List.of(), List.of(),
        List.of(ReferencedRecord.of(theirs))));

    assertTrue(violations.isEmpty(), violations.toString());
    FileRecord stored = music.peers.get(PEER).get("renamed.flac");
    assertNotNull(stored);
    assertEquals(theirs, stored, "the record as the peer has it, chunk list and all");
    assertEquals(3, music.marks.get(PEER).sequence());
  }

  @Test
  void aReferenceToContentWeDoNotHoldStoresNothingAndClosesTheConnection() {
    Fakes.Link link = new Fakes.Link(PEER);
    exchange.connected(link, cc(0x1111, 0));
    exchange.indexUpdate(link, new IndexUpdate(MUSIC, 0xAA, true, List.of(Fakes.dir("d", 1, THEM, 1)),
        List.of(), List.of(ReferencedRecord.of(file("x.flac", 2, THEM, 5, 40)))));

    assertTrue(link.isClosed());
    assertTrue(link.closedWith.contains("x.flac") && link.closedWith.contains("send it in full"), link.closedWith);
    assertNull(music.peers.get(PEER), "nothing of the update is stored");
    assertNull(music.marks.get(PEER));
  }

  @Test
  void afterAReferenceThePeerDidNotStoreTheNextConnectionSendsInFull() {
    Fakes.Link first = new Fakes.Link(PEER);
    exchange.connected(first, cc(0x1111, 0));
    exchange.indexUpdate(first, new IndexUpdate(MUSIC, 0xAA, true, List.of(file("a.flac", 1, THEM, 7, 40))));
    music.local(file("b.flac", 1, ME, 7, 40));
    exchange.localSynced(MUSIC, 1);
    assertEquals(List.of("b.flac"), referencedPaths(first));
    first.close("peer: cannot resolve"); // the peer changed a.flac meanwhile, say
    exchange.disconnected(PEER);

    Fakes.Link second = new Fakes.Link(PEER);
    exchange.connected(second, cc(0x1111, 0)); // it holds nothing of ours past 0: the reference did not land
    assertEquals(List.of(), referencedPaths(second));
    assertEquals(List.of("b.flac"), fullPaths(second));

    // Once the peer holds it, a later connection uses references again.
    music.local(file("c.flac", 2, ME, 7, 40));
    exchange.localSynced(MUSIC, 2);
    second.close("gone");
    exchange.disconnected(PEER);
    Fakes.Link third = new Fakes.Link(PEER);
    exchange.connected(third, cc(0x1111, 1));
    assertEquals(List.of("c.flac"), referencedPaths(third));
    assertFalse(third.isClosed());
  }
}
