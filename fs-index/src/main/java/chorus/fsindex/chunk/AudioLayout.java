package chorus.fsindex.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where the audio of a file lies between its tags: {@code [audioStart, audioEnd)}. The chunker measures its
 * fine head and tail regions from these two points instead of from the file's ends, so a tag that grows or
 * shrinks moves the region switches together with the audio they fall in (see docs/ARCHITECTURE.md,
 * "Chunking"). A file without recognised tags has the whole file as its audio.
 *
 * <p>Recognised: an ID3v2 tag at the start, FLAC's metadata blocks (after an optional ID3v2 tag), and at
 * the end an ID3v1 tag and an APEv2 tag (before the ID3v1 tag if both are there). Anything that does not
 * parse exactly is treated as audio: the layout is a pure function of the bytes, so every device cuts the
 * same bytes the same way whatever the file claims.
 *
 * @param tagged whether any tag was recognised; only then are the region switches placed from the tags
 */
public record AudioLayout(long audioStart, long audioEnd, boolean tagged) {
  /** Reads {@code length} bytes at {@code position} into {@code dst}; returns fewer only at the end. */
  @FunctionalInterface
  public interface PositionalReader {
    int read(long position, byte[] dst, int length) throws IOException;
  }

  private static final int ID3V2_HEADER = 10;
  private static final int ID3V1_SIZE = 128;
  private static final int APE_FOOTER = 32;
  private static final int FLAC_MAX_BLOCKS = 1024;

  public AudioLayout {
    if (audioStart < 0 || audioEnd < audioStart) {
      throw new IllegalArgumentException("need 0 <= audioStart <= audioEnd, got " + audioStart + ", " + audioEnd);
    }
  }

  /** The layout of a file with no tags: all of it is audio. */
  public static AudioLayout whole(long size) {
    return new AudioLayout(0, size, false);
  }

  /**
   * The layout of the {@code size} bytes {@code reader} gives. Files too small for the chunker to have a
   * middle region are not probed at all (their layout cannot change a boundary), so a tree of small files
   * pays nothing.
   */
  public static AudioLayout probe(PositionalReader reader, long size, ChunkerParams params) throws IOException {
    if (size <= params.headLength() + params.tailLength()) {
      return whole(size);
    }
    long start = audioStart(reader, size);
    long end = audioEnd(reader, size, start);
    return new AudioLayout(start, end, start > 0 || end < size);
  }

  public static AudioLayout probe(FileChannel file, long size, ChunkerParams params) throws IOException {
    return probe((position, dst, length) -> readFully(file, position, dst, length), size, params);
  }

  public static AudioLayout probe(byte[] data, ChunkerParams params) throws IOException {
    return probe((position, dst, length) -> {
      int n = (int) Math.max(0, Math.min(length, data.length - position));
      System.arraycopy(data, (int) position, dst, 0, n);
      return n;
    }, data.length, params);
  }

  private static long audioStart(PositionalReader reader, long size) throws IOException {
    long at = id3v2End(reader, size);
    long flac = flacAudioStart(reader, size, at);
    return flac >= 0 ? flac : at;
  }

  /** The end of an ID3v2 tag at offset 0, or 0 if there is none. */
  private static long id3v2End(PositionalReader reader, long size) throws IOException {
    byte[] h = new byte[ID3V2_HEADER];
    if (reader.read(0, h, h.length) < h.length || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
      return 0;
    }
    int major = h[3] & 0xff;
    if (major < 2 || major > 4 || (h[4] & 0xff) == 0xff) {
      return 0;
    }
    long body = 0;
    for (int i = 6; i < 10; i++) {
      if ((h[i] & 0x80) != 0) {
        return 0; // not a synchsafe integer: not a tag
      }
      body = (body << 7) | (h[i] & 0x7f);
    }
    boolean footer = major == 4 && (h[5] & 0x10) != 0;
    long end = ID3V2_HEADER + body + (footer ? ID3V2_HEADER : 0);
    return end <= size ? end : 0;
  }

  /**
   * If a FLAC stream starts at {@code at}: the offset after its last metadata block, where the audio
   * frames begin. -1 if there is no well-formed FLAC header there (the first block must be STREAMINFO).
   */
  private static long flacAudioStart(PositionalReader reader, long size, long at) throws IOException {
    byte[] b = new byte[4];
    if (reader.read(at, b, 4) < 4 || b[0] != 'f' || b[1] != 'L' || b[2] != 'a' || b[3] != 'C') {
      return -1;
    }
    long p = at + 4;
    for (int block = 0; block < FLAC_MAX_BLOCKS; block++) {
      if (reader.read(p, b, 4) < 4) {
        return -1;
      }
      int type = b[0] & 0x7f;
      long length = ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
      if (type == 127 || (block == 0 && (type != 0 || length != 34))) {
        return -1;
      }
      p += 4 + length;
      if (p > size) {
        return -1;
      }
      if ((b[0] & 0x80) != 0) {
        return p;
      }
    }
    return -1;
  }

  /** Where trailing tags (ID3v1, APEv2) begin, or {@code size} if there are none; never below {@code start}. */
  private static long audioEnd(PositionalReader reader, long size, long start) throws IOException {
    int tailLength = (int) Math.min(size - start, ID3V1_SIZE + APE_FOOTER);
    byte[] t = new byte[tailLength];
    if (reader.read(size - tailLength, t, tailLength) < tailLength) {
      return size;
    }
    long end = size;
    int footerAt = tailLength - APE_FOOTER; // index in t of an APE footer ending at `end`
    if (tailLength >= ID3V1_SIZE && t[tailLength - ID3V1_SIZE] == 'T' && t[tailLength - ID3V1_SIZE + 1] == 'A'
        && t[tailLength - ID3V1_SIZE + 2] == 'G') {
      end -= ID3V1_SIZE;
      footerAt -= ID3V1_SIZE;
    }
    if (footerAt >= 0 && isApeFooter(t, footerAt)) {
      long tagSize = le32(t, footerAt + 12);
      boolean header = (le32(t, footerAt + 20) & 0x8000_0000L) != 0;
      long apeStart = end - tagSize - (header ? APE_FOOTER : 0);
      if (tagSize >= APE_FOOTER && apeStart >= start) {
        end = apeStart;
      }
    }
    return end;
  }

  private static boolean isApeFooter(byte[] t, int at) {
    byte[] magic = {'A', 'P', 'E', 'T', 'A', 'G', 'E', 'X'};
    for (int i = 0; i < magic.length; i++) {
      if (t[at + i] != magic[i]) {
        return false;
      }
    }
    long version = le32(t, at + 8);
    boolean isHeader = (le32(t, at + 20) & 0x2000_0000L) != 0;
    return (version == 1000 || version == 2000) && !isHeader;
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL) | ((b[at + 1] & 0xffL) << 8) | ((b[at + 2] & 0xffL) << 16) | ((b[at + 3] & 0xffL) << 24);
  }

  private static int readFully(FileChannel file, long position, byte[] dst, int length) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, 0, length);
    while (bb.hasRemaining()) {
      int n = file.read(bb, position + bb.position());
      if (n < 0) {
        break;
      }
    }
    return bb.position();
  }
}
