package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's native memory stays within its settings however much it holds: a real RocksDB index with
 * an 8 MiB cache (4 MiB of it for memtables) is given several times that in records and chunk entries, then read back in every way
 * a scan and the chunk server read it, and the cache (with the memtables charged to it) never holds more
 * than its capacity plus what open iterators may pin and what memtables filling during a flush may add.
 */
class IndexMemoryBoundTest {
  static final long CACHE = 8L << 20;
  static final long BUFFERS = 4L << 20;
  /** Blocks pinned by open iterators and level-0 index and filter blocks, which the cache (not strict) keeps past its capacity. */
  static final long PINNED_SLACK = 1L << 20;
  /**
   * One family's memtable, as RocksSetup sizes it. The write buffer manager does not stall writes, so memtables
   * filling while others flush may pass their budget by up to two of these, and the excess is charged to the
   * cache too: a CI run on a slow machine saw the cache at 9.50 MB of 8 MiB, 9.47 MB of it pinned.
   */
  static final long FAMILY_MEMTABLE = Math.max(2L << 20, BUFFERS / 4);
  static final int FILES = 20_000;
  static final int CHUNKS_PER_FILE = 24;

  @TempDir Path dir;
  AtomicLong ids = new AtomicLong(1);
  long seenMaxUsage;
  long seenMaxMemtables;

  @Test
  void cacheAndMemtablesStayWithinTheirSettingsWhileTheIndexOutgrowsThem() {
    try (RocksIndex index = RocksIndex.open(dir.resolve("index"), new IndexOptions(CACHE, BUFFERS), ids::incrementAndGet)) {
      FolderIndex music = index.folder(FolderIndexTest.MUSIC);
      List<FolderIndex.Change> group = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        int[] hashes = new int[CHUNKS_PER_FILE];
        for (int c = 0; c < hashes.length; c++) {
          hashes[c] = i * CHUNKS_PER_FILE + c;
        }
        var record = Records.file(String.format("artist-%03d/album-%02d/%06d track with a longish name.flac",
            i / 1000, (i / 100) % 10, i), hashes);
        group.add(new FolderIndex.Change(record.path(), old -> record));
        if (group.size() == 256) {
          music.updateAll(group);
          group.clear();
          check(index);
        }
      }
      music.updateAll(group);
      check(index);
      index.sync();

      // What a rescan reads (every directory's children), what the chunk server reads (chunk lookups),
      // and what the exchange reads (the change log), each over everything written.
      for (int a = 0; a < FILES / 1000; a++) {
        for (int b = 0; b < 10; b++) {
          assertEquals(100, music.children(String.format("artist-%03d/album-%02d", a, b)).size());
        }
        check(index);
      }
      for (int i = 0; i < FILES * CHUNKS_PER_FILE; i += 97) {
        assertEquals(1, index.locate(Records.hash(i)).size());
        if (i % 9700 == 0) {
          check(index);
        }
      }
      AtomicLong records = new AtomicLong();
      music.forEachSince(0, r -> {
        if (records.incrementAndGet() % 1000 == 0) {
          check(index);
        }
        return true;
      });
      assertEquals(FILES, records.get());
      check(index);
    }
    // The data written went through the cache many times over: the bound was exercised, not idle.
    assertTrue(seenMaxUsage > CACHE / 2, "cache usage peaked at " + seenMaxUsage + " of " + CACHE);
    assertTrue(seenMaxMemtables > 0, "memtables were used");
  }

  @Test
  void writeBuffersCannotOutgrowTheCacheTheyAreChargedTo() {
    assertThrows(IllegalArgumentException.class, () -> new IndexOptions(8L << 20, 16L << 20));
    assertThrows(IllegalArgumentException.class, () -> new IndexOptions(2L << 20, 4L << 20));
  }

  @Test
  void settingsComeFromSystemPropertiesInMiB() {
    String cache = System.getProperty(IndexOptions.CACHE_PROPERTY);
    String buffers = System.getProperty(IndexOptions.WRITE_BUFFER_PROPERTY);
    try {
      System.clearProperty(IndexOptions.CACHE_PROPERTY);
      System.clearProperty(IndexOptions.WRITE_BUFFER_PROPERTY);
      assertEquals(IndexOptions.DEFAULT, IndexOptions.fromSystemProperties());
      System.setProperty(IndexOptions.CACHE_PROPERTY, "64");
      assertEquals(new IndexOptions(64L << 20, IndexOptions.DEFAULT.writeBufferBytes()), IndexOptions.fromSystemProperties());
      System.setProperty(IndexOptions.CACHE_PROPERTY, "6");
      assertEquals(new IndexOptions(6L << 20, 6L << 20), IndexOptions.fromSystemProperties(), "buffers shrink to the cache");
      System.setProperty(IndexOptions.WRITE_BUFFER_PROPERTY, "5");
      assertEquals(new IndexOptions(6L << 20, 5L << 20), IndexOptions.fromSystemProperties());
      System.setProperty(IndexOptions.CACHE_PROPERTY, "lots");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, IndexOptions::fromSystemProperties);
      assertTrue(e.getMessage().contains(IndexOptions.CACHE_PROPERTY), e.getMessage());
    } finally {
      restore(IndexOptions.CACHE_PROPERTY, cache);
      restore(IndexOptions.WRITE_BUFFER_PROPERTY, buffers);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  private void check(RocksIndex index) {
    IndexMemory m = index.memory();
    assertEquals(CACHE, m.cacheCapacity());
    // The bound is the settings plus what the design lets pass them, never a function of how much the index
    // holds (it grows to several times the cache here).
    assertTrue(m.cacheUsage() <= CACHE + 2 * FAMILY_MEMTABLE + PINNED_SLACK,
        "block cache holds " + m.cacheUsage() + " of " + CACHE + ": " + m);
    // The write buffer manager flushes as the memtables near their budget but does not stall writes (see
    // RocksSetup): a memtable being flushed and the one filling meanwhile may pass it, by at most two of a
    // family's memtables.
    assertTrue(m.memtables() <= BUFFERS + 2 * FAMILY_MEMTABLE, "memtables hold " + m.memtables() + " of " + BUFFERS + ": " + m);
    seenMaxUsage = Math.max(seenMaxUsage, m.cacheUsage());
    seenMaxMemtables = Math.max(seenMaxMemtables, m.memtables());
  }
}
