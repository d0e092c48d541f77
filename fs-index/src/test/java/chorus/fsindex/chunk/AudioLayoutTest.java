package chorus.fsindex.chunk;

import static chorus.fsindex.chunk.TaggedAudio.FLAC_PADDING;
import static chorus.fsindex.chunk.TaggedAudio.FLAC_PICTURE;
import static chorus.fsindex.chunk.TaggedAudio.FLAC_VORBIS_COMMENT;
import static chorus.fsindex.chunk.TaggedAudio.ape;
import static chorus.fsindex.chunk.TaggedAudio.flacHead;
import static chorus.fsindex.chunk.TaggedAudio.id3v1;
import static chorus.fsindex.chunk.TaggedAudio.id3v2;
import static chorus.fsindex.chunk.TaggedAudio.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioLayoutTest {
  static final ChunkerParams P = ChunkerParams.DEFAULT;
  static final byte[] AUDIO = TestData.random(5, 3_000_000);

  static AudioLayout layout(byte[] file) throws IOException {
    return AudioLayout.probe(file, P);
  }

  @Test
  void aFileWithoutTagsIsAllAudio() throws IOException {
    assertEquals(new AudioLayout(0, AUDIO.length, false), layout(AUDIO));
  }

  @Test
  void id3v2AtTheHeadEndsWhereItsSizeSays() throws IOException {
    byte[] tag = id3v2(TestData.random(1, 70_000));
    assertEquals(new AudioLayout(tag.length, tag.length + AUDIO.length, true), layout(join(tag, AUDIO)));
    byte[] v4 = id3v2(TestData.random(1, 5000), 4, true);
    assertEquals(5000 + 20, v4.length);
    assertEquals(v4.length, layout(join(v4, AUDIO)).audioStart(), "a v2.4 footer belongs to the tag");
  }

  @Test
  void flacMetadataBlocksEndAtTheLastBlock() throws IOException {
    byte[] head = flacHead(2, FLAC_VORBIS_COMMENT, TestData.random(3, 900), FLAC_PICTURE, TestData.random(4, 300_000),
        FLAC_PADDING, new byte[8192]);
    assertEquals(head.length, layout(join(head, AUDIO)).audioStart());
    byte[] tagged = join(id3v2(TestData.random(6, 1000)), head, AUDIO);
    assertEquals(tagged.length - AUDIO.length, layout(tagged).audioStart(), "FLAC after an ID3v2 tag");
  }

  @Test
  void trailingApeAndId3v1TagsAreNotAudio() throws IOException {
    byte[] apeTag = ape(TestData.random(7, 40_000));
    assertEquals(AUDIO.length, layout(join(AUDIO, id3v1(8))).audioEnd());
    assertEquals(AUDIO.length, layout(join(AUDIO, apeTag)).audioEnd());
    assertEquals(AUDIO.length, layout(join(AUDIO, apeTag, id3v1(8))).audioEnd());
    byte[] both = join(id3v2(TestData.random(1, 2000)), AUDIO, apeTag, id3v1(9));
    assertEquals(new AudioLayout(2010, 2010 + AUDIO.length, true), layout(both));
  }

  @Test
  void anythingThatDoesNotParseExactlyIsAudio() throws IOException {
    byte[] tooLong = id3v2(TestData.random(1, 100));
    tooLong[6] = 0x7f; // claims ~256 MB
    assertEquals(0, layout(join(tooLong, AUDIO)).audioStart(), "tag size beyond the file");
    byte[] notSynchsafe = id3v2(TestData.random(1, 100));
    notSynchsafe[9] = (byte) 0x80;
    assertEquals(0, layout(join(notSynchsafe, AUDIO)).audioStart(), "size bytes must be synchsafe");
    byte[] noStreamInfo = flacHead(2, FLAC_PADDING, new byte[100]);
    noStreamInfo[4] = FLAC_PADDING; // the first block must be STREAMINFO
    assertEquals(0, layout(join(noStreamInfo, AUDIO)).audioStart());
    byte[] runsPastEnd = flacHead(2, FLAC_PICTURE, new byte[100]);
    byte[] cut = join(runsPastEnd, AUDIO);
    cut[4 + 4 + 34 + 1] = 0x7f; // the picture block claims 8 MB in a 3 MB file
    assertEquals(0, layout(cut).audioStart());
    byte[] hugeApe = join(AUDIO, ape(new byte[100]));
    int sizeField = hugeApe.length - 32 + 12;
    hugeApe[sizeField + 3] = 0x40; // a 1 GB tag in a 3 MB file
    assertEquals(hugeApe.length, layout(hugeApe).audioEnd());
  }

  @Test
  void filesTooSmallForAMiddleRegionAreNotProbed() throws IOException {
    byte[] small = join(id3v2(TestData.random(1, 1000)), TestData.random(2, 500_000));
    assertEquals(AudioLayout.whole(small.length), layout(small));
  }

  @Test
  void probingAFileReadsTheSameLayoutAsProbingItsBytes(@TempDir Path dir) throws IOException {
    byte[] bytes = join(id3v2(TestData.random(1, 30_000)), AUDIO, ape(TestData.random(2, 5000)), id3v1(3));
    Path f = Files.write(dir.resolve("a.mp3"), bytes);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      assertEquals(layout(bytes), AudioLayout.probe(ch, bytes.length, P));
      assertEquals(0, ch.position(), "probing must not move the channel");
    }
  }
}
