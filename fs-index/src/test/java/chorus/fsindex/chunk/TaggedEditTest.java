package chorus.fsindex.chunk;

import static chorus.fsindex.chunk.TaggedAudio.join;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.fsindex.chunk.TaggedAudio.Song;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tag edits on real tag structures, for every file: a 4 KiB growth of the head tag (ID3v2 frames, a FLAC
 * Vorbis comment) shifts all the audio, a 4 KiB growth of an APEv2 tag or adding/removing an ID3v1 tag
 * changes the tail, and each must cost at most 0.3 % of the 30 MB file. With the tags recognised, the head
 * and tail region switches move with the audio, so unlike raw byte edits ({@link TagEditTest}) no file may
 * miss the bound.
 */
class TaggedEditTest {
  static final int SIZE = 30_000_000;
  static final int FILES = 10;
  static final long BOUND = SIZE * 3L / 1000;

  @Test
  void tagEditsCostAtMostThreeTenthsOfAPercentForEveryFile() throws IOException {
    List<String> over = new ArrayList<>();
    int edits = 0;
    for (int seed = 0; seed < FILES; seed++) {
      Song song = Song.generate(seed, SIZE);
      byte[] patch = TestData.random(seed + 7000L, 4096);
      Set<ChunkHash> known = TagEditTest.chunkHashes(song.bytes());
      for (TaggedAudio.Edit e : song.tagEdits(patch, TaggedAudio.id3v1(seed))) {
        long cost = TagEditTest.newBytes(e.song().bytes(), known);
        edits++;
        assertTrue(cost > 0, "file " + seed + ", " + e.name() + ": an edit must produce at least one new chunk");
        if (cost > BOUND) {
          over.add("file " + seed + (song.flac() ? " (FLAC)" : " (MP3)") + ", " + e.name() + ": " + cost + " new bytes");
        }
      }
    }
    assertTrue(over.isEmpty(), "over the bound of " + BOUND + " bytes: " + over);
    assertTrue(edits >= 20, "too few edits exercised: " + edits);
  }

  /**
   * Overwriting 4 KiB of audio in the middle of a tagged file changes the one or two fixed blocks it
   * touches and nothing else: well within the 2 % bound, for every file.
   */
  @Test
  void anAudioEditInTheMiddleCostsTheBlocksItTouches() throws IOException {
    ChunkerParams p = ChunkerParams.DEFAULT;
    for (int seed = 0; seed < 6; seed++) {
      Song song = Song.generate(seed, SIZE);
      byte[] original = song.bytes();
      byte[] edited = TestData.overwrite(original, SIZE / 2 - 2048 + seed * 40_000, TestData.random(seed + 9000L, 4096));
      long cost = TagEditTest.newBytes(edited, TagEditTest.chunkHashes(original));
      assertTrue(cost >= 4096 && cost <= 2L * p.middleBlock(),
          "file " + seed + ": " + cost + " new bytes, expected one or two blocks of " + p.middleBlock());
    }
  }

  /**
   * The worst case for a switch placed from the ends of the file: an anchor just before the head threshold
   * (a growing head tag pushes it past) and just after the tail threshold (a growing tail tag moves the
   * threshold past it). Planted on purpose in every file. The same files cut as if untagged must miss the
   * bound at least once, or the planting proves nothing; cut with their tags recognised (where anchors play
   * no part in the switches) they must all stay within it: this pins what the tag-aware rules buy.
   */
  @Test
  void anchorsPlantedAtTheSwitchPointsDoNotMoveTheSwitch() throws IOException {
    List<String> over = new ArrayList<>();
    int blindOver = 0;
    for (int seed = 0; seed < 6; seed++) {
      Song song = plantAnchors(Song.generate(seed * 4, SIZE)); // heads of 2.5 KB: the planted offsets lie in audio
      byte[] patch = TestData.random(seed + 8000L, 4096);
      byte[] original = song.bytes();
      Song headGrown = new Song(song.flac(), join(song.headBody(), patch), song.picture(), song.audio(),
          song.apeItems(), song.v1Tag());
      Song tailGrown = new Song(song.flac(), song.headBody(), song.picture(), song.audio(),
          song.apeItems() == null ? patch : join(song.apeItems(), patch), song.v1Tag());
      for (Song edited : List.of(headGrown, tailGrown)) {
        byte[] bytes = edited.bytes();
        long cost = TagEditTest.newBytes(bytes, TagEditTest.chunkHashes(original));
        if (cost > BOUND) {
          over.add("file " + seed + ": " + cost);
        }
        if (blindCost(original, bytes) > BOUND) {
          blindOver++;
        }
      }
    }
    assertTrue(over.isEmpty(), "over the bound of " + BOUND + " bytes: " + over);
    assertTrue(blindOver > 0, "no planted anchor moved the switch of a tag-blind chunking: the test is not sharp");
  }

  private static Song plantAnchors(Song song) {
    int head = song.bytes().length - song.audio().length - tailLength(song);
    long size = song.bytes().length;
    byte[] audio = song.audio().clone();
    ChunkerParams p = ChunkerParams.DEFAULT;
    plant(audio, (int) (p.headLength() - 2048 - head)); // grows past the threshold when the head tag grows
    plant(audio, (int) (size - p.tailLength() + 2048 - head)); // the tail threshold passes it when the tail grows
    return new Song(song.flac(), song.headBody(), song.picture(), audio, song.apeItems(), song.v1Tag());
  }

  private static int tailLength(Song song) {
    return (song.apeItems() == null ? 0 : song.apeItems().length + 64) + (song.v1Tag() == null ? 0 : 128);
  }

  /** Writes 64 bytes ending at {@code lastByte} whose gear hash has {@code strongBits} zero top bits. */
  private static void plant(byte[] audio, int lastByte) {
    System.arraycopy(ANCHOR, 0, audio, lastByte - 63, 64);
  }

  private static final byte[] ANCHOR = findAnchor();

  private static byte[] findAnchor() {
    long mask = -1L << (64 - ChunkerParams.DEFAULT.strongBits());
    byte[] data = TestData.random(424242, 64 << 20);
    long h = 0;
    for (int i = 0; i < data.length; i++) {
      h = (h << 1) + GearTable.VALUES[data[i] & 0xff];
      if (i >= 63 && (h & mask) == 0) {
        return java.util.Arrays.copyOfRange(data, i - 63, i + 1);
      }
    }
    throw new AssertionError("no anchor in 64 MB of random data");
  }

  /** What the edit would cost if the tags were not recognised (a layout of all audio). */
  private static long blindCost(byte[] original, byte[] edited) throws IOException {
    Set<ChunkHash> known = new java.util.HashSet<>();
    ChunkerTest.hash(original, AudioLayout.whole(original.length)).chunks().forEach(c -> known.add(c.hash()));
    return ChunkerTest.hash(edited, AudioLayout.whole(edited.length)).chunks().stream()
        .filter(c -> !known.contains(c.hash())).mapToLong(c -> c.length()).sum();
  }
}
