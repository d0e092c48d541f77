package chorus.fsindex.scan;

import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.IndexOptions;
import chorus.fsindex.store.RocksIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A real folder and a real index in temp directories, and helpers to look at both. */
final class ScanFixture implements AutoCloseable {
  static final ShortId ME = new ShortId(0x1122_3344_5566_7788L);

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    volatile Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final Path root;
  final RocksIndex index;
  final FolderIndex folder;
  final ManualClock clock = new ManualClock();
  ScanFilter filter = ScanFilter.NONE;
  ScanOptions options = ScanOptions.defaults().withHashers(2).withBufferSize(64 * 1024);

  ScanFixture(Path tmp) throws IOException {
    root = Files.createDirectories(tmp.resolve("folder"));
    AtomicLong ids = new AtomicLong(77);
    index = RocksIndex.open(tmp.resolve("index"), IndexOptions.DEFAULT, ids::incrementAndGet);
    folder = index.folder(FolderId.of("music"));
  }

  ScanReport scan(String... subtrees) throws InterruptedException {
    Scanner s = new Scanner(folder, root, filter, ME, clock, options);
    return subtrees.length == 0 ? s.scan() : s.scan(List.of(subtrees));
  }

  Path write(String rel, int size, long seed) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return Files.write(p, b);
  }

  FileRecord record(String rel) {
    return folder.get(rel).orElseThrow(() -> new AssertionError("no record for " + rel));
  }

  List<FileRecord> all() {
    List<FileRecord> out = new ArrayList<>();
    folder.forEach("", out::add);
    return out;
  }

  List<String> livePaths() {
    return all().stream().filter(r -> !r.deleted()).map(FileRecord::path).toList();
  }

  /** Reads every chunk of the record back from the file and checks its SHA-256; returns the record. */
  FileRecord assertChunksMatchDisk(String rel) throws Exception {
    FileRecord r = record(rel);
    byte[] bytes = Files.readAllBytes(root.resolve(rel));
    if (bytes.length != r.size()) {
      throw new AssertionError(rel + ": size " + r.size() + " but file has " + bytes.length);
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (ChunkRef c : r.chunks()) {
      sha.update(bytes, (int) c.offset(), c.length());
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(c.hash().toHex())) {
        throw new AssertionError(rel + ": chunk at " + c.offset() + " is " + actual + ", index says " + c.hash());
      }
    }
    return r;
  }

  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() {
    index.close();
  }
}
