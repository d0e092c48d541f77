package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PathSizes against a HashMap under random puts and removes: same members, same count, same total. */
class PathSizesTest {
  @Test
  void behavesLikeAMapOfPathsToSizes() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      PathSizes sizes = new PathSizes();
      Map<String, Long> model = new HashMap<>();
      int universe = 10 + r.nextInt(5000);
      for (int op = 0; op < 20_000; op++) {
        String path = "d" + r.nextInt(universe / 10 + 1) + "/f" + r.nextInt(universe);
        if (r.nextInt(3) == 0) {
          assertEquals(model.remove(path) != null, sizes.remove(path), path);
        } else {
          long size = r.nextInt(10_000);
          model.put(path, size);
          sizes.put(path, size);
        }
        if (op % 997 == 0) {
          assertEquals(model.size(), sizes.size(), "seed " + seed + " op " + op);
        }
      }
      assertEquals(model.size(), sizes.size());
      assertEquals(model.values().stream().mapToLong(Long::longValue).sum(), sizes.total());
      for (String p : model.keySet().toArray(new String[0])) {
        assertEquals(true, sizes.remove(p), p);
      }
      assertEquals(0, sizes.size());
      assertEquals(0, sizes.total());
    }
  }
}
