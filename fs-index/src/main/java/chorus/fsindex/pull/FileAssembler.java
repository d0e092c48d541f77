package chorus.fsindex.pull;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.port.ChunkBytes;
import chorus.core.port.ChunkFetch;
import chorus.core.port.ChunkIntegrityException;
import chorus.core.port.ChunkUnavailableException;
import chorus.core.protocol.ChunkHint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fills a temp file with a file version's chunks: those already in the temp file (a pull resumed after a
 * restart) are checked and kept, those held anywhere on this device are copied and verified, the rest
 * are fetched from the peers that announced this content, many at once under a byte budget shared by
 * every file being pulled. Every byte written has been verified against its chunk hash; the caller makes
 * the file durable (in a group) before it is renamed into place.
 */
final class FileAssembler {
  /** Bytes moved, by where they came from: what the status and the benchmarks report. */
  static final class Counters {
    final LongAdder fetched = new LongAdder();
    final LongAdder copied = new LongAdder();
    final LongAdder resumed = new LongAdder();
  }

  private final LocalChunks local;
  private final FolderId folder;
  private final ChunkFetch fetch;
  private final Semaphore budgetKiB;
  private final Counters counters;
  private final StagingBuffers staging;

  /** @param folder the folder pulled into: with each target's path, where its peers hold its chunks */
  FileAssembler(FolderId folder, LocalChunks local, ChunkFetch fetch, Semaphore budgetKiB, Counters counters,
      StagingBuffers staging) {
    this.folder = folder;
    this.local = local;
    this.fetch = fetch;
    this.budgetKiB = budgetKiB;
    this.counters = counters;
    this.staging = staging;
  }

  private record Pending(ChunkRef chunk, ChunkHint hint, CompletableFuture<ChunkBytes> bytes, int permits) {}

  /**
   * Writes {@code target}'s content into {@code temp}: chunks already there (a resumed pull) are kept,
   * chunks {@code mayHold} says are held locally are copied from where they lie, the rest are fetched.
   */
  void assemble(Path temp, FileRecord target, List<DeviceId> sources, java.util.function.Predicate<ChunkHash> mayHold)
      throws IOException, PullFailure, InterruptedException {
    try (TempFileWriter out = TempFileWriter.open(temp, target.size(), staging)) {
      FileChannel ch = out.channel();
      long had = ch.size();
      if (had > target.size()) {
        ch.truncate(target.size());
        had = target.size();
      }
      List<ChunkRef> missing = new ArrayList<>();
      for (ChunkRef c : target.chunks()) {
        if (c.end() <= had && alreadyWritten(ch, c)) {
          counters.resumed.add(c.length());
          continue;
        }
        byte[] mine = mayHold.test(c.hash()) ? local.read(c.hash(), c.length()) : null;
        if (mine != null) {
          out.write(c.offset(), ByteBuffer.wrap(mine));
          counters.copied.add(c.length());
        } else {
          missing.add(c);
        }
      }
      fetchAll(out, target.path(), missing, sources);
      out.finish();
      if (ch.size() != target.size()) {
        ch.truncate(target.size());
      }
      // Not forced here: the group commit makes a whole group of files durable at once (Durability).
    }
  }

  /** Fetches the chunks pipelined: as many in flight as the shared budget allows, written in order. */
  /**
   * Fetches the missing chunks, each with a hint of where the sources hold it: they announced this
   * version of {@code path}, so it is at the same offset of their file of that path.
   */
  private void fetchAll(TempFileWriter out, String path, List<ChunkRef> missing, List<DeviceId> sources)
      throws IOException, PullFailure, InterruptedException {
    if (missing.isEmpty()) {
      return;
    }
    if (sources.isEmpty()) {
      throw new PullFailure("no connected device has this version's data", true);
    }
    Deque<Pending> inFlight = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < missing.size() || !inFlight.isEmpty()) {
        if (next < missing.size()) {
          ChunkRef c = missing.get(next);
          int permits = Math.max(1, c.length() / 1024);
          boolean got = inFlight.isEmpty() ? acquire(permits) : budgetKiB.tryAcquire(permits);
          if (got) {
            ChunkHint hint = new ChunkHint(folder, path, c.offset());
            inFlight.add(new Pending(c, hint, fetch.fetch(sources, c.hash(), c.length(), hint), permits));
            next++;
            continue;
          }
        }
        Pending p = inFlight.poll();
        try (ChunkBytes bytes = await(p, sources)) {
          out.write(p.chunk().offset(), bytes.buffers());
          counters.fetched.add(bytes.length());
        } finally {
          budgetKiB.release(p.permits());
        }
      }
    } finally {
      for (Pending p : inFlight) {
        ChunkBytes.discard(p.bytes());
        budgetKiB.release(p.permits());
      }
    }
  }

  private boolean acquire(int permits) throws InterruptedException {
    budgetKiB.acquire(permits);
    return true;
  }

  /**
   * The chunk's bytes; if the first source failed (wrong bytes, gone, disconnected), every source in
   * turn. Bytes are checked against the hash before they touch the file: here, unless the fetch already
   * did ({@link ChunkFetch#verifies()}: the transport's requester hashes every chunk it accepts).
   */
  private ChunkBytes await(Pending p, List<DeviceId> sources) throws PullFailure, InterruptedException {
    Throwable last = null;
    CompletableFuture<ChunkBytes> attempt = p.bytes();
    for (int i = -1; i < sources.size(); i++) {
      if (i >= 0) {
        attempt = fetch.fetch(List.of(sources.get(i)), p.chunk().hash(), p.chunk().length(), p.hint());
      }
      ChunkBytes b;
      try {
        b = attempt.get();
      } catch (ExecutionException e) {
        last = e.getCause();
        continue;
      } catch (InterruptedException e) {
        ChunkBytes.discard(attempt);
        throw e;
      }
      if (b.length() == p.chunk().length() && (fetch.verifies() || LocalChunks.verified(b.buffer(), p.chunk().hash()))) {
        return b;
      }
      b.close();
      last = new ChunkIntegrityException(p.chunk().hash(), "a peer", "wrong bytes reached the puller");
    }
    throw new PullFailure(describe(p.chunk().hash(), last), true, last);
  }

  private static String describe(ChunkHash hash, Throwable t) {
    if (t instanceof ChunkUnavailableException u) {
      return "chunk " + hash.toString().substring(0, 12) + " unavailable (" + u.reason() + "): " + u.getMessage();
    }
    if (t instanceof ChunkIntegrityException) {
      return "every source sent wrong bytes for chunk " + hash.toString().substring(0, 12);
    }
    return "fetching chunk " + hash.toString().substring(0, 12) + " failed: " + t;
  }

  private static boolean alreadyWritten(FileChannel ch, ChunkRef c) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(c.length());
    while (buf.hasRemaining()) {
      if (ch.read(buf, c.offset() + buf.position()) < 0) {
        return false;
      }
    }
    return LocalChunks.verified(buf.array(), c.hash());
  }
}
