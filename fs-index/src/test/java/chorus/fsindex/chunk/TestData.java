package chorus.fsindex.chunk;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded incompressible bytes, like compressed audio, and the edits a tag editor makes. */
public final class TestData {
  private TestData() {}

  public static byte[] random(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < n; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static byte[] overwrite(byte[] base, int at, byte[] patch) {
    byte[] out = base.clone();
    System.arraycopy(patch, 0, out, at, patch.length);
    return out;
  }
}
