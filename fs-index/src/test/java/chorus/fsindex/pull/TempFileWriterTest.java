package chorus.fsindex.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileWriterTest {
  private static final int ALIGN = 4096;

  @TempDir Path dir;

  /** A staging buffer of 64 KiB, so that a file of a few hundred KiB fills and flushes it many times. */
  private static StagingBuffers staging(int max, boolean on) {
    return new StagingBuffers(ALIGN, 64 << 10, max, 0, on);
  }

  @Test
  void contiguousRunsOfOddSizesLandExactlyAndMostlyPastTheCache() throws IOException {
    assumeTrue(directWorksIn(dir), "the temp directory's file system refuses O_DIRECT");
    byte[] want = random(1_000_003, 1);
    Path f = dir.resolve("t");
    long direct;
    try (TempFileWriter w = TempFileWriter.open(f, want.length, staging(2, true))) {
      for (int[] c : cuts(want.length, 2)) {
        w.write(c[0], ByteBuffer.wrap(want, c[0], c[1] - c[0]).slice());
      }
      w.finish();
      direct = w.directBytes();
    }
    assertArrayEquals(want, Files.readAllBytes(f));
    assertTrue(direct > want.length * 9L / 10, "most bytes should go direct, went " + direct);
    assertEquals(0, direct % ALIGN);
  }

  @Test
  void runsWithGapsFilledLaterStartMidBlockAndStillLandExactly() throws IOException {
    assumeTrue(directWorksIn(dir), "the temp directory's file system refuses O_DIRECT");
    byte[] want = random(777_777, 3);
    List<int[]> chunks = cuts(want.length, 4);
    List<int[]> later = new ArrayList<>();
    Path f = dir.resolve("t");
    try (TempFileWriter w = TempFileWriter.open(f, want.length, staging(1, true))) {
      // every third chunk first (as local copies are written before the fetched ones), then the rest
      for (int i = 0; i < chunks.size(); i++) {
        int[] c = chunks.get(i);
        if (i % 3 == 0) {
          w.write(c[0], ByteBuffer.wrap(want, c[0], c[1] - c[0]).slice());
        } else {
          later.add(c);
        }
      }
      for (int[] c : later) {
        w.write(c[0], ByteBuffer.wrap(want, c[0], c[1] - c[0]).slice());
      }
      w.finish();
      assertTrue(w.directBytes() > 0);
    }
    assertArrayEquals(want, Files.readAllBytes(f));
  }

  @Test
  void directBuffersFromThePeerAreCopiedNotMoved() throws IOException {
    byte[] want = random(300_000, 5);
    ByteBuffer src = ByteBuffer.allocateDirect(want.length);
    src.put(want).flip();
    Path f = dir.resolve("t");
    try (TempFileWriter w = TempFileWriter.open(f, want.length, staging(1, true))) {
      w.write(0, src);
      assertFalse(src.hasRemaining(), "the source is consumed like a channel write consumes it");
      w.finish();
    }
    assertArrayEquals(want, Files.readAllBytes(f));
  }

  @Test
  void aResumedFileWhoseBlocksWereCachedIsRewrittenCorrectly() throws IOException {
    byte[] want = random(500_000, 7);
    Path f = dir.resolve("t");
    Files.write(f, random(want.length, 8)); // a previous attempt's wrong bytes, in the page cache
    try (TempFileWriter w = TempFileWriter.open(f, want.length, staging(1, true))) {
      byte[] check = new byte[10];
      w.channel().read(ByteBuffer.wrap(check), 0); // the resumed pull reads before it writes
      for (int[] c : cuts(want.length, 9)) {
        w.write(c[0], ByteBuffer.wrap(want, c[0], c[1] - c[0]).slice());
      }
      w.finish();
    }
    assertArrayEquals(want, Files.readAllBytes(f));
  }

  @Test
  void turnedOffOrOutOfBuffersOrSmallEverythingGoesThroughTheCache() throws IOException {
    byte[] want = random(200_000, 11);
    StagingBuffers off = staging(4, false);
    StagingBuffers one = staging(1, true);
    StagingBuffers bigFilesOnly = new StagingBuffers(ALIGN, 64 << 10, 4, want.length + 1, true);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    Path d = dir.resolve("d");
    try (TempFileWriter wa = TempFileWriter.open(a, want.length, off);
        TempFileWriter wb = TempFileWriter.open(b, want.length, one);
        TempFileWriter wc = TempFileWriter.open(c, want.length, one);
        TempFileWriter wd = TempFileWriter.open(d, want.length, bigFilesOnly)) {
      for (int[] cut : cuts(want.length, 12)) {
        for (TempFileWriter w : List.of(wa, wb, wc, wd)) {
          w.write(cut[0], ByteBuffer.wrap(want, cut[0], cut[1] - cut[0]).slice());
        }
      }
      for (TempFileWriter w : List.of(wa, wb, wc, wd)) {
        w.finish();
      }
      assertEquals(0, wa.directBytes(), "off");
      if (directWorksIn(dir)) {
        assertTrue(wb.directBytes() > 0, "b took the only staging buffer");
      }
      assertEquals(0, wc.directBytes(), "the only staging buffer is b's");
      assertEquals(0, wd.directBytes(), "smaller than the smallest file staged");
    }
    for (Path p : List.of(a, b, c, d)) {
      assertArrayEquals(want, Files.readAllBytes(p), p.toString());
    }
  }

  @Test
  void buffersReturnToThePoolAndTrimLetsThemGo() throws IOException {
    StagingBuffers s = staging(1, true);
    byte[] want = random(100_000, 13);
    for (int round = 0; round < 3; round++) {
      Path f = dir.resolve("r" + round);
      try (TempFileWriter w = TempFileWriter.open(f, want.length, s)) {
        w.write(0, ByteBuffer.wrap(want));
        w.finish();
        if (directWorksIn(dir)) {
          assertTrue(w.directBytes() > 0, "round " + round + " found the released buffer");
        }
      }
      assertArrayEquals(want, Files.readAllBytes(f));
      s.trim();
    }
  }

  /** Chunk boundaries like the chunker's: sizes from 1 byte to 40 KiB, none aligned on purpose. */
  private static List<int[]> cuts(int length, long seed) {
    Random r = new Random(seed);
    List<int[]> out = new ArrayList<>();
    int at = 0;
    while (at < length) {
      int n = Math.min(length - at, 1 + r.nextInt(40 << 10));
      out.add(new int[] {at, at + n});
      at += n;
    }
    return Collections.unmodifiableList(out);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static boolean directWorksIn(Path dir) {
    Path probe = dir.resolve("probe");
    try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
      ByteBuffer b = ByteBuffer.allocateDirect(2 * ALIGN).alignedSlice(ALIGN);
      b.limit(ALIGN);
      ch.write(b, 0);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
