package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** HashedSizes (with path keys) against a HashMap under random puts and removes: same members, same count, same total. */
class HashedSizesTest {
  @Test
  void behavesLikeAMapOfPathsToSizes() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      HashedSizes sizes = new HashedSizes();
      Map<String, Long> model = new HashMap<>();
      int universe = 10 + r.nextInt(5000);
      for (int op = 0; op < 20_000; op++) {
        String path = "d" + r.nextInt(universe / 10 + 1) + "/f" + r.nextInt(universe);
        if (r.nextInt(3) == 0) {
          assertEquals(model.remove(path) != null, sizes.remove(HashedSizes.pathKey(path)), path);
        } else {
          long size = r.nextInt(10_000);
          model.put(path, size);
          sizes.put(HashedSizes.pathKey(path), size);
        }
        if (op % 997 == 0) {
          assertEquals(model.size(), sizes.size(), "seed " + seed + " op " + op);
          assertEquals(model.containsKey(path), sizes.contains(HashedSizes.pathKey(path)), path);
        }
      }
      assertEquals(model.size(), sizes.size());
      assertEquals(model.values().stream().mapToLong(Long::longValue).sum(), sizes.total());
      for (String p : model.keySet().toArray(new String[0])) {
        assertEquals(true, sizes.remove(HashedSizes.pathKey(p)), p);
      }
      assertEquals(0, sizes.size());
      assertEquals(0, sizes.total());
    }
  }

  @Test
  void aZeroKeyIsKeptLikeAnyOther() {
    HashedSizes sizes = new HashedSizes();
    sizes.put(0, 5);
    assertEquals(true, sizes.contains(0));
    assertEquals(5, sizes.total());
    assertEquals(true, sizes.remove(0));
    assertEquals(false, sizes.contains(0));
  }
}
