package chorus.cli.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.id.FolderId;
import chorus.core.port.PullPriority;
import chorus.core.sync.NeedTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batch the engine pulls next: the same as sorting the whole backlog (urgent first, then path order). */
class BatchOrderTest {
  private static final FolderId MUSIC = FolderId.of("music");

  @Test
  void theBatchIsThePrefixOfTheFullOrder() {
    Random r = new Random(7);
    for (int round = 0; round < 50; round++) {
      int n = r.nextInt(3000);
      List<NeedTracker.Item> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(new NeedTracker.Item("d" + r.nextInt(50) + "/f" + r.nextInt(100_000), null, null));
      }
      Set<String> urgent = items.stream().map(NeedTracker.Item::path).filter(p -> r.nextInt(20) == 0)
          .collect(Collectors.toSet());
      PullPriority priority = (folder, path) -> folder.equals(MUSIC) && urgent.contains(path);
      int limit = 1 + r.nextInt(600);
      List<NeedTracker.Item> expected = new ArrayList<>(items);
      expected.sort(Comparator.comparing((NeedTracker.Item i) -> !urgent.contains(i.path()))
          .thenComparing(NeedTracker.Item::path));
      List<String> want = expected.subList(0, Math.min(limit, expected.size())).stream().map(NeedTracker.Item::path).toList();
      List<String> got = FolderSync.firstInOrder(items, NeedTracker.Item::path, priority, MUSIC, limit).stream().map(NeedTracker.Item::path).toList();
      assertEquals(want, got, "round " + round);
    }
  }
}
