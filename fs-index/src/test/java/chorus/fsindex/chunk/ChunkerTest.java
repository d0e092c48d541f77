package chorus.fsindex.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import chorus.core.protocol.ChunkRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  static final ChunkerParams P = ChunkerParams.DEFAULT;

  /** Cuts {@code data} as if its tags were not there, or with any layout a test needs. */
  static HashedContent hash(byte[] data, AudioLayout layout) throws IOException {
    return new ContentHasher(P, 1 << 20).hash(new ArrayChannel(data), layout,
        ContentHasher.ReadObserver.NONE);
  }

  static HashedContent hash(byte[] data, int bufferSize) throws IOException {
    return new ContentHasher(P, bufferSize).hash(new ArrayChannel(data),
        AudioLayout.probe(data, P), ContentHasher.ReadObserver.NONE);
  }

  @Test
  void boundariesDoNotDependOnBufferSizesOrReadLengths() throws IOException {
    byte[] data = TestData.random(7, 6_000_000);
    HashedContent reference = hash(data, 1 << 20);
    for (int size : new int[] {7, 4096, 65_537, (1 << 20) + 3, 8 << 20}) {
      assertEquals(reference.chunks(), hash(data, size).chunks(), "buffer size " + size);
    }
    assertEquals(reference.chunks(),
        new ContentHasher(P, 1 << 20).hash(ArrayChannel.jittery(data, 99), AudioLayout.probe(data, P),
            ContentHasher.ReadObserver.NONE).chunks(), "random read lengths");
    // A one-byte buffer exercises every state change at a buffer edge; keep it to a smaller file.
    byte[] small = TestData.random(8, 400_000);
    assertEquals(hash(small, 1 << 20).chunks(), hash(small, 1).chunks(), "one-byte reads");
    // A tagged file: region switches at tag-relative offsets and the forced cut before the tail.
    byte[] tagged = TaggedAudio.Song.generate(2, 3_000_000).bytes();
    HashedContent taggedReference = hash(tagged, 1 << 20);
    for (int size : new int[] {1, 7, 4096, 65_537}) {
      assertEquals(taggedReference.chunks(), hash(tagged, size).chunks(), "tagged, buffer size " + size);
    }
  }

  @Test
  void chunksTileTheFileAndEachHashIsTheSha256OfItsBytes() throws Exception {
    byte[] data = TestData.random(11, 9_000_000);
    HashedContent c = hash(data, 1 << 20);
    long expected = 0;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (ChunkRef ref : c.chunks()) {
      assertEquals(expected, ref.offset());
      assertTrue(ref.length() <= P.coarse().max() && ref.length() <= ChunkRequest.MAX_CHUNK_LENGTH);
      sha.update(data, (int) ref.offset(), ref.length());
      assertArrayEquals(sha.digest(), ref.hash().toBytes(), "chunk at " + ref.offset());
      expected = ref.end();
    }
    assertEquals(data.length, expected);
    assertEquals(data.length, c.size());
    assertEquals(ContentHash.of(c.chunks()), c.contentHash());
  }

  @Test
  void finerChunksAtBothEndsCoarserInTheMiddle() throws IOException {
    byte[] data = TestData.random(12, 20_000_000);
    List<ChunkRef> chunks = hash(data, 1 << 20).chunks();
    for (ChunkRef c : chunks) {
      boolean nearEnds = c.end() <= P.headLength() || c.offset() >= data.length - P.tailMinimum();
      if (nearEnds) {
        assertTrue(c.length() <= P.fine().max(), "fine chunk expected at " + c.offset() + ", got " + c.length());
      }
    }
    long coarse = chunks.stream().filter(c -> c.length() > P.fine().max()).count();
    assertTrue(coarse > chunks.size() / 3, "most of the middle should be coarse, " + coarse + " of " + chunks.size());
  }

  @Test
  void emptyTinyAndUniformInputs() throws IOException {
    HashedContent empty = hash(new byte[0], 4096);
    assertEquals(List.of(), empty.chunks());
    assertEquals(ContentHash.of(List.of()), empty.contentHash());
    assertEquals(1, hash(new byte[] {42}, 4096).chunks().size());
    // Zeros never satisfy the cut condition (the gear hash of a zero run is constant), so every chunk is
    // cut at the maximum: the chunker must still end, and tile the input.
    byte[] zeros = new byte[5_000_000];
    List<ChunkRef> chunks = hash(zeros, 1 << 16).chunks();
    assertEquals(zeros.length, chunks.get(chunks.size() - 1).end());
    assertTrue(chunks.stream().allMatch(c -> c.length() <= P.coarse().max()));
  }

  @Test
  void theSameBytesGiveTheSameChunksInDifferentFiles() throws IOException {
    byte[] album = TestData.random(21, 3_000_000);
    Set<ChunkHash> a = new HashSet<>();
    hash(album, 1 << 20).chunks().forEach(c -> a.add(c.hash()));
    Set<ChunkHash> b = new HashSet<>();
    hash(album.clone(), 12_345).chunks().forEach(c -> b.add(c.hash()));
    assertEquals(a, b);
  }

  /**
   * Pins the format: the gear table and the default parameters decide every chunk hash a peer will ever
   * ask for, so a change here must be deliberate (and bump the index schema).
   */
  @Test
  void defaultChunkingIsStable() throws IOException {
    HashedContent c = hash(TestData.random(2024, 7_000_000), 1 << 20);
    assertEquals(GOLDEN_CHUNKS, c.chunks().size());
    assertEquals(GOLDEN_CONTENT_HASH, c.contentHash().toHex());
    TaggedAudio.Song song = TaggedAudio.Song.generate(3, 7_000_000);
    HashedContent tagged = hash(song.bytes(), 1 << 20);
    assertEquals(GOLDEN_TAGGED_CHUNKS, tagged.chunks().size());
    assertEquals(GOLDEN_TAGGED_CONTENT_HASH, tagged.contentHash().toHex());
  }

  static final int GOLDEN_CHUNKS = 421;
  static final String GOLDEN_CONTENT_HASH = "27834ec7de6f489166293f30477e45c9e77bc6320d2790b0118dc9d6e2bc0ed9";
  static final int GOLDEN_TAGGED_CHUNKS = 223;
  static final String GOLDEN_TAGGED_CONTENT_HASH = "5d2866d8d09164391d0f4c9a16e43dccc4260745144b46df2859a49ad2362545";

  @Test
  void aTaggedFileIsFineNearItsTagsAndInFixedBlocksBetween() throws IOException {
    TaggedAudio.Song song = TaggedAudio.Song.generate(4, 9_000_000); // an MP3 with an ID3v2 and an APEv2 tag
    byte[] bytes = song.bytes();
    AudioLayout layout = AudioLayout.probe(bytes, P);
    assertTrue(layout.tagged() && layout.audioEnd() < bytes.length, "the generator's tags are recognised");
    List<ChunkRef> chunks = hash(bytes, 1 << 20).chunks();
    long tailStart = layout.audioEnd() - P.tagMargin();
    assertTrue(chunks.stream().anyMatch(c -> c.offset() == tailStart),
        "the last coarse chunk must end where the tail region starts, never inside the tail tags");
    for (ChunkRef c : chunks) {
      boolean head = c.end() <= layout.audioStart() + P.tagMargin();
      boolean tail = c.offset() >= tailStart;
      if (head || tail) {
        assertTrue(c.length() <= P.fine().max(), "a fine chunk near the tags: " + c);
      }
    }
    List<ChunkRef> middle = chunks.stream().filter(c -> c.length() > P.fine().max()).toList();
    assertTrue(middle.size() > 10, "the audio between the margins is cut into blocks");
    for (int i = 0; i < middle.size(); i++) {
      ChunkRef c = middle.get(i);
      assertTrue(c.length() == P.middleBlock() || (i == middle.size() - 1 && c.end() == tailStart),
          "fixed blocks, the last one ending at the tail region: " + c);
    }
    long fine = chunks.stream().filter(c -> c.offset() >= tailStart
        || c.end() <= layout.audioStart() + P.tagMargin() + P.fine().max()).count();
    long tagAndMargin = layout.audioStart() + 2 * P.tagMargin() + (bytes.length - layout.audioEnd());
    assertTrue(fine <= tagAndMargin / P.fine().min() + 2, "fine chunks only over the tags and the margins");
  }

  @Test
  void parametersAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkLevel(64, 1 << 20, 8 << 20, 2),
        "a max chunk over the protocol's 4 MiB limit");
    assertThrows(IllegalArgumentException.class, () -> new ChunkLevel(4096, 3000, 65536, 1), "avg not a power of two");
    assertThrows(IllegalArgumentException.class, () -> new ChunkLevel(32, 1024, 4096, 1), "min below the hash window");
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(new ChunkLevel(4096, 1 << 18, 1 << 20, 2),
        new ChunkLevel(8192, 1 << 15, 1 << 17, 0), 25, 0, 0, 0, 0, 0, 1 << 17), "fine cuts rarer than coarse ones");
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(P.fine(), P.coarse(), P.strongBits(),
        P.headLength(), P.headLimit(), P.tailLength(), P.tailMinimum(), -1, P.middleBlock()), "a negative tag margin");
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(P.fine(), P.coarse(), P.strongBits(),
        P.headLength(), P.headLimit(), P.tailLength(), P.tailMinimum(), P.tagMargin(), 8 << 20),
        "middle blocks over the protocol's 4 MiB limit");
  }
}
