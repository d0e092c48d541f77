package chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes COUNT small files of 1-8 KB of random bytes, 100 files per directory, two directory levels:
 * {@code artist-042/album-07/042137 small file.dat} (about 40 bytes of path). Deterministic per seed.
 *
 * <p>Usage: {@code GenSmallFiles DIR COUNT [SEED]}. Skips the work if DIR already holds this tree.
 */
public final class GenSmallFiles {
  private GenSmallFiles() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    Path marker = root.resolve(".chorus-tmp.generated");
    String stamp = "small " + count + " " + seed;
    if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
      System.out.println("already generated: " + root);
      return;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long bytes = 0;
    byte[] b = new byte[8192];
    for (int i = 0; i < count; i++) {
      Path dir = root.resolve(String.format(Locale.ROOT, "artist-%03d/album-%02d", i / 1000, (i / 100) % 10));
      if (i % 100 == 0) {
        Files.createDirectories(dir);
      }
      int size = 1024 + rnd.nextInt(7 * 1024 + 1);
      rnd.nextBytes(b);
      Files.write(dir.resolve(String.format(Locale.ROOT, "%06d small file.dat", i)),
          size == b.length ? b : java.util.Arrays.copyOf(b, size));
      bytes += size;
    }
    Files.writeString(marker, stamp);
    System.out.printf(Locale.ROOT, "wrote %d files, %d bytes under %s%n", count, bytes, root);
  }
}
