package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunk lists of the files a chunk source served from last. A peer pulling a file asks for its chunks
 * one after the other; finding each by hash in the {@code chunks} family and reading the file's record
 * again cost the serving side more than the read itself (about 40 % of its disk thread in a bulk pull).
 * Once a chunk of a file with more than one chunk was served, that file's record is kept here, and its
 * other chunks are found by a hash lookup in memory.
 *
 * <p>A kept record proves nothing by itself: the caller serves from it only while the open file still
 * matches it (as for a record fresh from the index), and forgets it at the first doubt. Bounded by the
 * chunk references held in all ({@code maxChunks}), least recently used file first out; a file with more
 * chunks than that is not kept. Thread-safe.
 */
final class ServedFiles {
  /** A kept record: the file's folder, its record and its chunks by hash (the first offset of each). */
  record Entry(FolderId folder, FileRecord record, StoredStat stat, Map<ChunkHash, ChunkRef> byHash) {
    ChunkRef chunk(ChunkHash hash) {
      return byHash.get(hash);
    }

    ChunkLocation location(ChunkRef ref) {
      return new ChunkLocation(folder, record.path(), ref.offset(), ref.length());
    }
  }

  private record Key(FolderId folder, String path) {}

  private final int maxChunks;
  /** Guarded by {@code this}; access order: the eldest is the least recently used. */
  private final LinkedHashMap<Key, Entry> files = new LinkedHashMap<>(16, 0.75f, true);
  /** Guarded by {@code this}: which kept files hold each hash. */
  private final Map<ChunkHash, List<Entry>> holders = new HashMap<>();
  private int chunks;

  ServedFiles(int maxChunks) {
    if (maxChunks < 0) {
      throw new IllegalArgumentException("maxChunks must be >= 0, was " + maxChunks);
    }
    this.maxChunks = maxChunks;
  }

  /** The kept files holding {@code hash} (a copy); each is marked recently used. */
  synchronized List<Entry> holding(ChunkHash hash) {
    List<Entry> found = holders.get(hash);
    if (found == null) {
      return List.of();
    }
    for (Entry e : found) {
      files.get(new Key(e.folder(), e.record().path())); // touch: recently used
    }
    return List.copyOf(found);
  }

  /** Keeps {@code record} of {@code folder}, replacing what was kept for its path. */
  synchronized void keep(FolderId folder, FileRecord record) {
    int n = record.chunks().size();
    if (n > maxChunks) {
      return;
    }
    forgetLocked(new Key(folder, record.path()));
    Map<ChunkHash, ChunkRef> byHash = new HashMap<>(n * 2);
    for (ChunkRef ref : record.chunks()) {
      byHash.putIfAbsent(ref.hash(), ref);
    }
    Entry entry = new Entry(folder, record, StoredStat.of(record), byHash);
    files.put(new Key(folder, record.path()), entry);
    for (ChunkHash h : byHash.keySet()) {
      holders.computeIfAbsent(h, k -> new ArrayList<>(1)).add(entry);
    }
    chunks += byHash.size();
    for (Iterator<Entry> eldest = files.values().iterator(); chunks > maxChunks && eldest.hasNext(); ) {
      Entry out = eldest.next();
      eldest.remove();
      unindex(out);
    }
  }

  /** Whether a record is kept for the path (whatever its version). */
  synchronized boolean keeps(FolderId folder, String path) {
    return files.containsKey(new Key(folder, path));
  }

  /** Stops serving from the kept record of {@code entry}'s file, if it is still the one kept. */
  synchronized void forget(Entry entry) {
    Key k = new Key(entry.folder(), entry.record().path());
    if (files.get(k) == entry) {
      forgetLocked(k);
    }
  }

  /** Chunk references held now, for tests. */
  synchronized int chunks() {
    return chunks;
  }

  /** Files kept now, for tests. */
  synchronized int size() {
    return files.size();
  }

  private void forgetLocked(Key k) {
    Entry e = files.remove(k);
    if (e != null) {
      unindex(e);
    }
  }

  private void unindex(Entry e) {
    for (ChunkHash h : e.byHash().keySet()) {
      List<Entry> list = holders.get(h);
      if (list != null) {
        list.remove(e);
        if (list.isEmpty()) {
          holders.remove(h);
        }
      }
    }
    chunks -= e.byHash().size();
  }
}
