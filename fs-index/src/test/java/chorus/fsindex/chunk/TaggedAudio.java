package chorus.fsindex.chunk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds audio files the way taggers lay them out: an ID3v2 tag or FLAC metadata blocks at the head,
 * incompressible "audio" in the middle, and APEv2 and ID3v1 tags at the tail. The audio is random bytes
 * (compressed audio is incompressible); the tag structures are real, so {@link AudioLayout} parses them.
 */
public final class TaggedAudio {
  public static final int FLAC_STREAMINFO = 0;
  public static final int FLAC_PADDING = 1;
  public static final int FLAC_VORBIS_COMMENT = 4;
  public static final int FLAC_PICTURE = 6;

  /** Sizes of the head tag's picture: none to speak of ... large cover art. */
  static final int[] HEAD_TAG_SIZES = {2_500, 45_000, 600_000, 1_700_000};

  private TaggedAudio() {}

  /** One generated file: its parts, so an edit can rebuild it with one part changed. */
  public record Song(boolean flac, byte[] headBody, byte[] picture, byte[] audio, byte[] apeItems, byte[] v1Tag) {
    public byte[] bytes() {
      byte[] head = flac
          ? flacHead(audio.length, FLAC_VORBIS_COMMENT, headBody, FLAC_PICTURE, picture)
          : id3v2(join(headBody, picture));
      return join(head, audio, apeItems == null ? new byte[0] : ape(apeItems), v1Tag == null ? new byte[0] : v1Tag);
    }

    /** A seeded MP3 (even seeds) or FLAC (odd) of {@code size} bytes with tags of varied sizes. */
    public static Song generate(int seed, int size) {
      boolean flac = seed % 2 == 1;
      byte[] headBody = TestData.random(seed * 10L + 1, 1_000 + seed * 150);
      byte[] picture = TestData.random(seed * 10L + 2, HEAD_TAG_SIZES[seed % HEAD_TAG_SIZES.length]);
      byte[] apeItems = !flac && seed % 4 == 0 ? TestData.random(seed * 10L + 3, 3_000 + seed * 500) : null;
      byte[] v1Tag = !flac && seed % 3 != 1 ? id3v1(seed * 10L + 4) : null;
      int tags = headBody.length + picture.length + (apeItems == null ? 0 : apeItems.length + 64)
          + (v1Tag == null ? 0 : 128) + 100;
      return new Song(flac, headBody, picture, TestData.random(seed * 10L + 5, size - tags), apeItems, v1Tag);
    }

    /**
     * The tag edits a tagger makes to this file, each as the edited file: the head tag (ID3v2 frames or the
     * FLAC Vorbis comment) grows by {@code patch}; for MP3, the APEv2 tag grows by {@code patch} (or one is
     * added), and {@code v1Tag} is added (or the ID3v1 tag removed).
     */
    public List<Edit> tagEdits(byte[] patch, byte[] v1) {
      List<Edit> out = new ArrayList<>();
      out.add(new Edit("head tag grows " + patch.length + " bytes",
          new Song(flac, join(headBody, patch), picture, audio, apeItems, v1Tag)));
      if (!flac) {
        out.add(new Edit(apeItems == null ? "APEv2 tag added" : "APEv2 tag grows",
            new Song(false, headBody, picture, audio, apeItems == null ? patch : join(apeItems, patch), v1Tag)));
        out.add(new Edit(v1Tag == null ? "ID3v1 tag added" : "ID3v1 tag removed",
            new Song(false, headBody, picture, audio, apeItems, v1Tag == null ? v1 : null)));
      }
      return out;
    }
  }

  /** An edited file and what was done to it. */
  public record Edit(String name, Song song) {}


  /** An ID3v2.3 tag holding {@code body} (its frames, as opaque bytes). */
  public static byte[] id3v2(byte[] body) {
    return id3v2(body, 3, false);
  }

  /** An ID3v2 tag of the given major version; a v2.4 footer repeats the header at the end. */
  public static byte[] id3v2(byte[] body, int major, boolean footer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = {'I', 'D', '3', (byte) major, 0, (byte) (footer ? 0x10 : 0), 0, 0, 0, 0};
    int n = body.length;
    for (int i = 9; i >= 6; i--) {
      header[i] = (byte) (n & 0x7f);
      n >>>= 7;
    }
    out.writeBytes(header);
    out.writeBytes(body);
    if (footer) {
      header[0] = '3';
      header[1] = 'D';
      header[2] = 'I';
      out.writeBytes(header);
    }
    return out.toByteArray();
  }

  /** "fLaC", a STREAMINFO block, then {@code blocks} as (type, body) pairs; the last gets the last-block flag. */
  public static byte[] flacHead(long seed, Object... typeAndBody) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("fLaC".getBytes(StandardCharsets.US_ASCII));
    int blocks = 1 + typeAndBody.length / 2;
    writeBlock(out, FLAC_STREAMINFO, TestData.random(seed, 34), blocks == 1);
    for (int i = 0; i < typeAndBody.length; i += 2) {
      writeBlock(out, (Integer) typeAndBody[i], (byte[]) typeAndBody[i + 1], i + 2 == typeAndBody.length);
    }
    return out.toByteArray();
  }

  private static void writeBlock(ByteArrayOutputStream out, int type, byte[] body, boolean last) {
    out.write((last ? 0x80 : 0) | type);
    out.write(body.length >>> 16);
    out.write(body.length >>> 8);
    out.write(body.length);
    out.writeBytes(body);
  }

  /** An APEv2 tag with a header and a footer around {@code items}. */
  public static byte[] ape(byte[] items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(apeFrame(items.length + 32, true));
    out.writeBytes(items);
    out.writeBytes(apeFrame(items.length + 32, false));
    return out.toByteArray();
  }

  private static byte[] apeFrame(int tagSize, boolean isHeader) {
    byte[] f = new byte[32];
    System.arraycopy("APETAGEX".getBytes(StandardCharsets.US_ASCII), 0, f, 0, 8);
    le32(f, 8, 2000);
    le32(f, 12, tagSize);
    le32(f, 16, 3);
    le32(f, 20, 0x8000_0000 | (isHeader ? 0x2000_0000 : 0));
    return f;
  }

  /** A 128-byte ID3v1 tag. */
  public static byte[] id3v1(long seed) {
    byte[] t = TestData.random(seed, 128);
    t[0] = 'T';
    t[1] = 'A';
    t[2] = 'G';
    return t;
  }

  public static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static void le32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
