package chorus.bench;

import chorus.fsindex.chunk.TaggedAudio;
import chorus.fsindex.chunk.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a deterministic music-like tree: {@code Artist/Album (Year)/NN Title.flac|mp3} of 3-45 MB of
 * incompressible bytes (like compressed audio), one {@code cover.jpg} of 100-600 KB per album, names with
 * spaces and non-ASCII letters. The same seed and size always give the same tree.
 *
 * <p>With {@code tagged}, the audio files carry the tag structures real files have (a tree of the same
 * kind and total size; the tags draw from the same random stream, so names and sizes differ): a FLAC file starts with {@code fLaC}, STREAMINFO, a Vorbis comment, for every other album the
 * album's cover as a PICTURE block, and 8 KiB of padding; an MP3 starts with an ID3v2 tag (frames, the
 * cover for every other album) and ends with an ID3v1 tag. The audio between is incompressible bytes.
 *
 * <p>Usage: {@code GenMusicTree DIR SIZE_MB [SEED [tagged]]}. Skips the work if DIR already holds this tree.
 */
public final class GenMusicTree {
  private static final String[] ARTISTS = {"Sigur Rós", "Björk", "Motörhead", "Café Tacvba", "Zoë Keating",
      "Hüsker Dü", "坂本龍一", "Ольга Арефьева", "Mötley Crüe", "Ólafur Arnalds", "Los Ángeles Azules",
      "The Beatles", "Nina Simone", "Fela Kuti", "Sunn O)))", "Ana Moura", "Gilberto Gil", "Żywiołak"};
  private static final String[] WORDS = {"Night", "Déjà", "Vu", "Ünder", "the", "Sea", "Île", "Song", "für",
      "Élise", "Blue", "Train", "Ægir", "Dawn", "Señor", "Smile", "Ñandú", "River", "Golden", "Hour"};

  private GenMusicTree() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    long target = Long.parseLong(args[1]) * 1_000_000L;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    boolean tagged = args.length > 3 && args[3].equals("tagged");
    Path marker = root.resolve(".chorus-tmp.generated");
    String stamp = "music " + target + " " + seed + (tagged ? " tagged" : "");
    if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
      System.out.println("already generated: " + root);
      return;
    }
    Files.createDirectories(root);
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] block = new byte[1 << 20];
    long written = 0;
    int files = 0;
    int artist = 0;
    while (written < target) {
      String artistName = ARTISTS[artist % ARTISTS.length] + (artist >= ARTISTS.length ? " " + (artist / ARTISTS.length + 1) : "");
      int albums = 1 + rnd.nextInt(3);
      for (int a = 0; a < albums && written < target; a++) {
        Path album = root.resolve(artistName).resolve(title(rnd, 2) + " (" + (1965 + rnd.nextInt(60)) + ")");
        Files.createDirectories(album);
        int coverSize = 100_000 + rnd.nextInt(500_000);
        rnd.nextBytes(block); // as many random bytes as every earlier version drew: the same seed, the same tree
        byte[] cover = Arrays.copyOf(block, coverSize);
        Files.write(album.resolve("cover.jpg"), cover);
        written += cover.length;
        files++;
        int tracks = 6 + rnd.nextInt(9);
        boolean mp3 = rnd.nextInt(3) == 0;
        boolean embedCover = a % 2 == 0;
        for (int t = 1; t <= tracks && written < target; t++) {
          String name = String.format(Locale.ROOT, "%02d %s.%s", t, title(rnd, 1 + rnd.nextInt(4)), mp3 ? "mp3" : "flac");
          int size = 3_000_000 + rnd.nextInt(42_000_000);
          byte[] head = new byte[0];
          byte[] tail = new byte[0];
          if (tagged) {
            head = mp3 ? mp3Head(rnd, embedCover ? cover : new byte[0]) : flacHead(rnd, embedCover ? cover : new byte[0]);
            tail = mp3 ? TaggedAudio.id3v1(rnd.nextLong()) : tail;
          }
          written += write(album.resolve(name), head, size - head.length - tail.length, tail, rnd, block);
          files++;
        }
      }
      artist++;
    }
    Files.writeString(marker, stamp);
    System.out.printf(Locale.ROOT, "wrote %d files, %d bytes under %s%n", files, written, root);
  }

  static String title(SplittableRandom rnd, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** An ID3v2 tag of 1-5 KB of frames, then the picture if any. */
  static byte[] mp3Head(SplittableRandom rnd, byte[] picture) {
    return TaggedAudio.id3v2(TaggedAudio.join(TestData.random(rnd.nextLong(), 1_000 + rnd.nextInt(4_000)), picture));
  }

  /** FLAC metadata: STREAMINFO, a Vorbis comment of 1-5 KB, the picture if any, 8 KiB of padding. */
  static byte[] flacHead(SplittableRandom rnd, byte[] picture) {
    byte[] comment = TestData.random(rnd.nextLong(), 1_000 + rnd.nextInt(4_000));
    return picture.length == 0
        ? TaggedAudio.flacHead(rnd.nextLong(), TaggedAudio.FLAC_VORBIS_COMMENT, comment, TaggedAudio.FLAC_PADDING,
            new byte[8192])
        : TaggedAudio.flacHead(rnd.nextLong(), TaggedAudio.FLAC_VORBIS_COMMENT, comment, TaggedAudio.FLAC_PICTURE,
            picture, TaggedAudio.FLAC_PADDING, new byte[8192]);
  }

  static long write(Path file, byte[] head, int audio, byte[] tail, SplittableRandom rnd, byte[] block)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(head);
      int left = audio;
      while (left > 0) {
        int n = Math.min(left, block.length);
        rnd.nextBytes(block);
        out.write(block, 0, n);
        left -= n;
      }
      out.write(tail);
    }
    return head.length + (long) audio + tail.length;
  }
}
