package chorus.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.protocol.IndexUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches are cut at the target size; a record larger than the target goes alone, up to the frame. */
class IndexSenderTest {
  private static final FolderId MUSIC = FolderId.of("music");

  /** 10 bytes of overhead; a record's size is 100, or 600 if its path starts with "big"; target 250, max 1000. */
  private static final BatchLimits LIMITS = new BatchLimits() {
    @Override
    public long overhead(FolderId folder) {
      return 10;
    }

    @Override
    public long recordBytes(FileRecord record) {
      return record.path().startsWith("big") ? 600 : record.path().startsWith("huge") ? 2000 : 100;
    }

    @Override
    public long maxBatchBytes() {
      return 1000;
    }

    @Override
    public long targetBatchBytes() {
      return 250;
    }
  };

  private static List<List<String>> send(Fakes.Store store) {
    List<List<String>> batches = new ArrayList<>();
    new IndexSender(LIMITS).send(MUSIC, store, 0, Long.MAX_VALUE, true, r -> false,
        (IndexUpdate u) -> batches.add(u.files().stream().map(FileRecord::path).toList()));
    return batches;
  }

  @Test
  void batchesAreCutAtTheTargetAndALargeRecordGoesAlone() {
    Fakes.Store store = new Fakes.Store(1);
    String[] paths = {"a", "b", "c", "big1", "d", "e"};
    for (int i = 0; i < paths.length; i++) {
      store.local(Fakes.dir(paths[i], i + 1, Fakes.device(2).shortId(), 1));
    }
    assertEquals(List.of(List.of("a", "b"), List.of("c"), List.of("big1"), List.of("d", "e")), send(store));
  }

  @Test
  void aRecordLargerThanAFrameIsRefused() {
    Fakes.Store store = new Fakes.Store(1);
    store.local(Fakes.dir("huge", 1, Fakes.device(2).shortId(), 1));
    assertThrows(IllegalStateException.class, () -> send(store));
  }
}
