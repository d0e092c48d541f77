package chorus.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a deterministic music-like tree: {@code Artist/Album (Year)/NN Title.flac|mp3} of 3-45 MB of
 * incompressible bytes (like compressed audio), one {@code cover.jpg} of 100-600 KB per album, names with
 * spaces and non-ASCII letters. The same seed and size always give the same tree.
 *
 * <p>Usage: {@code GenMusicTree DIR SIZE_MB [SEED]}. Skips the work if DIR already holds this tree.
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
    Path marker = root.resolve(".chorus-tmp.generated");
    String stamp = "music " + target + " " + seed;
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
        written += write(album.resolve("cover.jpg"), 100_000 + rnd.nextInt(500_000), rnd, block);
        files++;
        int tracks = 6 + rnd.nextInt(9);
        String ext = rnd.nextInt(3) == 0 ? "mp3" : "flac";
        for (int t = 1; t <= tracks && written < target; t++) {
          String name = String.format(Locale.ROOT, "%02d %s.%s", t, title(rnd, 1 + rnd.nextInt(4)), ext);
          written += write(album.resolve(name), 3_000_000 + rnd.nextInt(42_000_000), rnd, block);
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

  static long write(Path file, int size, SplittableRandom rnd, byte[] block) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      int left = size;
      while (left > 0) {
        int n = Math.min(left, block.length);
        rnd.nextBytes(block);
        out.write(block, 0, n);
        left -= n;
      }
    }
    return size;
  }
}
