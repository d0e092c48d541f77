package chorus.fsindex.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.fsindex.ignore.IgnoreMatcher;
import chorus.fsindex.scan.ScanFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on real directories (inotify). Waits are generous; nothing asserts a duration. */
class FolderWatcherTest {
  private static final WatchOptions FAST = WatchOptions.DEFAULTS.withQuiet(Duration.ofMillis(100))
      .withRescanInterval(Duration.ZERO);

  @TempDir Path root;
  private RecordingSink sink;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<FolderWatcher> watchers = new ArrayList<>();

  @AfterEach
  void closeWatchers() {
    watchers.forEach(FolderWatcher::close);
  }

  private FolderWatcher watch(ScanFilter filter, WatchOptions options) throws IOException {
    sink = new RecordingSink(root);
    FolderWatcher w = FolderWatcher.start("test", root, filter, sink, options, System::nanoTime, new Random(1),
        warnings::add);
    watchers.add(w);
    return w;
  }

  private FolderWatcher unstarted(ScanFilter filter, UnaryOperator<WatchRegistry.Registrar> wrapper)
      throws IOException {
    sink = new RecordingSink(root);
    FolderWatcher w = new FolderWatcher("test", root, filter, sink, FAST, System::nanoTime, new Random(1),
        warnings::add, wrapper);
    watchers.add(w);
    return w;
  }

  private Path write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  @Test
  void createModifyAndDeleteAreEachDelivered() throws Exception {
    watch(IgnoreMatcher.internalOnly(), FAST);
    write("a.txt", "one");
    sink.awaitDelivered("a.txt", 1);
    assertEquals(3, sink.deliveriesOf("a.txt").get(0).sizeAtDelivery());

    write("a.txt", "three");
    sink.awaitDelivered("a.txt", 2);
    assertEquals(5, sink.deliveriesOf("a.txt").get(1).sizeAtDelivery());

    Files.delete(root.resolve("a.txt"));
    sink.awaitDelivered("a.txt", 3);
    assertEquals(-1, sink.deliveriesOf("a.txt").get(2).sizeAtDelivery(), "delivered after it was gone");
  }

  @Test
  void aRenameDeliversBothNames() throws Exception {
    write("old.flac", "x");
    watch(IgnoreMatcher.internalOnly(), FAST);
    Files.move(root.resolve("old.flac"), root.resolve("new.flac"));
    sink.awaitDelivered("old.flac");
    sink.awaitDelivered("new.flac");
  }

  @Test
  void aTempFileRenamedIntoPlaceShowsOnlyTheTarget() throws Exception {
    watch(IgnoreMatcher.internalOnly(), FAST);
    write(".chorus-tmp.song.flac", "data");
    Files.move(root.resolve(".chorus-tmp.song.flac"), root.resolve("song.flac"), StandardCopyOption.ATOMIC_MOVE);
    sink.awaitDelivered("song.flac");
    write("marker", "m");
    sink.awaitDelivered("marker");
    assertFalse(sink.delivered(".chorus-tmp.song.flac"), sink.deliveredPaths().toString());
  }

  @Test
  void nestedDirectoriesCreatedAtOnceAreWatchedAndTheirFirstFileIsSeen() throws Exception {
    FolderWatcher w = watch(IgnoreMatcher.internalOnly(), FAST);
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/first.txt"), "immediately");
    sink.awaitDelivered("a/b/c/first.txt");
    sink.awaitDelivered("a");
    sink.await(() -> w.watchedDirectories().contains("a/b/c"), () -> "a/b/c watched");

    Files.writeString(root.resolve("a/b/c/second.txt"), "later");
    sink.awaitDelivered("a/b/c/second.txt");
  }

  @Test
  void aDirectoryRenameKeepsWatchingUnderTheNewName() throws Exception {
    write("d1/sub/x.txt", "x");
    FolderWatcher w = watch(IgnoreMatcher.internalOnly(), FAST);
    Files.move(root.resolve("d1"), root.resolve("d2"));
    sink.awaitDelivered("d1");
    sink.awaitDelivered("d2/sub/x.txt");
    sink.await(() -> w.watchedDirectories().contains("d2/sub") && !w.watchedDirectories().contains("d1/sub"),
        () -> "watching d2/sub instead of d1/sub, now " + w.watchedDirectories());

    write("d2/sub/y.txt", "y");
    sink.awaitDelivered("d2/sub/y.txt");
    assertFalse(sink.delivered("d1/sub/y.txt"), sink.deliveredPaths().toString());
  }

  @Test
  void aRenameSeenNewNameFirstReLabelsTheWatchedSubtree() throws Exception {
    Files.createDirectories(root.resolve("d1/sub"));
    FolderWatcher w = unstarted(IgnoreMatcher.internalOnly(), UnaryOperator.identity());
    w.registerAll();
    Files.move(root.resolve("d1"), root.resolve("d2"));
    // The new name first: registering d2 hands back d1's key (inotify follows the inode).
    w.handleEvents("", List.of(event(StandardWatchEventKinds.ENTRY_CREATE, "d2")), System.nanoTime());
    assertEquals(List.of("", "d2", "d2/sub"), List.copyOf(w.watchedDirectories()));
    w.handleEvents("", List.of(event(StandardWatchEventKinds.ENTRY_DELETE, "d1")), System.nanoTime());
    assertEquals(List.of("", "d2", "d2/sub"), List.copyOf(w.watchedDirectories()), "the old name cancels nothing");

    w.startThread();
    write("d2/sub/after.txt", "a");
    sink.awaitDelivered("d2/sub/after.txt");
    assertFalse(sink.delivered("d1/sub/after.txt"));
  }

  @Test
  void aFileWrittenInPiecesIsDeliveredOnceWhenComplete() throws Exception {
    // Quiet 1 s, pauses of 40 ms: the whole write takes over 1.6 s, longer than the quiet interval, while
    // no pause comes near it (the one assumption here: the writer is never stalled for a second).
    watch(IgnoreMatcher.internalOnly(), FAST.withQuiet(Duration.ofSeconds(1)));
    byte[] piece = new byte[32 * 1024];
    new Random(5).nextBytes(piece);
    int pieces = 40;
    try (OutputStream out = Files.newOutputStream(root.resolve("big.flac"))) {
      for (int i = 0; i < pieces; i++) {
        out.write(piece);
        out.flush();
        Thread.sleep(40);
      }
    }
    long full = (long) piece.length * pieces;
    sink.awaitDelivered("big.flac");
    write("marker", "m"); // anything still pending for big.flac would come no later than this
    sink.awaitDelivered("marker");
    List<RecordingSink.Delivery> got = sink.deliveriesOf("big.flac");
    assertEquals(1, got.size(), got.toString());
    assertEquals(full, got.get(0).sizeAtDelivery(), "never delivered half-written");
  }

  @Test
  void ignoredDirectoriesAreNotWatchedAndTheirFilesNotDelivered() throws Exception {
    Files.writeString(root.resolve(".chorusignore"), "/skip*\n!/partial/keep\n/partial\n");
    Files.createDirectories(root.resolve("skipme"));
    Files.createDirectories(root.resolve("partial"));
    Files.createDirectories(root.resolve("normal"));
    FolderWatcher w = watch(IgnoreMatcher.load(root), FAST);
    assertEquals(List.of("", "normal", "partial"), List.copyOf(w.watchedDirectories()),
        "skipme is skipped; partial is ignored but a negation reaches inside, so it is watched");

    Files.createDirectories(root.resolve("skipnew/inner"));
    write("skipme/x.txt", "x");
    write("partial/junk.txt", "j");
    write("partial/keep", "k");
    write("skipnew/inner/y.txt", "y");
    write("normal/z.txt", "z");
    sink.awaitDelivered("normal/z.txt");
    sink.awaitDelivered("partial/keep");
    write("marker", "m");
    sink.awaitDelivered("marker");
    for (String never : List.of("skipme/x.txt", "partial/junk.txt", "partial", "skipnew", "skipnew/inner/y.txt")) {
      assertFalse(sink.delivered(never), never + " was delivered: " + sink.deliveredPaths());
    }
    assertFalse(w.watchedDirectories().contains("skipnew"));
    assertFalse(w.watchedDirectories().contains("skipnew/inner"));
  }

  @Test
  void namesAreDeliveredAsSpelledOnDiskAndFilteredInNfc() throws Exception {
    assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "the JVM can only handle non-ASCII file names under a UTF-8 locale (e.g. LANG=C.UTF-8)");
    Files.writeString(root.resolve(".chorusignore"), "/Bj\u00f6rk\n"); // NFC
    FolderWatcher w = watch(IgnoreMatcher.load(root), FAST);
    String bjorkNfd = "Bjo\u0308rk";
    String cafeNfd = "Cafe\u0301.flac";
    write(bjorkNfd + "/x.flac", "x");
    write(cafeNfd, "c");
    write("Sigur R\u00f3s/\u00c1g\u00e6tis byrjun.flac", "s");
    sink.awaitDelivered(cafeNfd);
    sink.awaitDelivered("Sigur R\u00f3s/\u00c1g\u00e6tis byrjun.flac");
    write("marker", "m");
    sink.awaitDelivered("marker");
    assertFalse(sink.delivered(bjorkNfd), sink.deliveredPaths().toString());
    assertFalse(sink.delivered(bjorkNfd + "/x.flac"), sink.deliveredPaths().toString());
    assertFalse(w.watchedDirectories().contains(bjorkNfd));
  }

  @Test
  void theIgnoreFileIsReportedApartAndAFilterUpdateWatchesNewlyIncludedDirectories() throws Exception {
    Files.writeString(root.resolve(".chorusignore"), "/later\n");
    Files.createDirectories(root.resolve("later"));
    FolderWatcher w = watch(IgnoreMatcher.load(root), FAST);
    assertFalse(w.watchedDirectories().contains("later"));

    Files.writeString(root.resolve(".chorusignore"), "// nothing ignored now\n");
    sink.await(() -> sink.ignoreFileChanges() >= 1, () -> "ignoreFileChanged");
    w.updateFilter(IgnoreMatcher.load(root));
    sink.awaitRescan("");
    sink.await(() -> w.watchedDirectories().contains("later"), () -> "later watched");
    write("later/song.mp3", "s");
    sink.awaitDelivered("later/song.mp3");
    assertFalse(sink.delivered(".chorusignore"));
  }

  @Test
  void aSyntheticOverflowAsksForARescanAndWatchesWhatAppearedMeanwhile() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    FolderWatcher w = unstarted(IgnoreMatcher.internalOnly(), UnaryOperator.identity());
    w.registerAll();
    Files.createDirectories(root.resolve("sub/new/deeper")); // its events are "lost"
    w.handleEvents("sub", List.of(overflowEvent()), System.nanoTime());
    w.finishRound(System.nanoTime());
    assertEquals(List.of("sub"), sink.rescans());
    assertTrue(w.watchedDirectories().containsAll(List.of("sub/new", "sub/new/deeper")), w.watchedDirectories()::toString);

    w.handleEvents("sub", List.of(overflowEvent()), System.nanoTime());
    w.handleEvents("", List.of(overflowEvent()), System.nanoTime());
    w.finishRound(System.nanoTime());
    assertEquals(List.of("sub", ""), sink.rescans(), "overflow in several directories: the whole folder");
  }

  @Test
  void aRealOverflowFromTheJdkAsksForARescan() throws Exception {
    Files.createDirectories(root.resolve("burst"));
    FolderWatcher w = unstarted(IgnoreMatcher.internalOnly(), UnaryOperator.identity());
    w.registerAll();
    // Nobody reads the key yet: past 512 events the JDK drops them and signals OVERFLOW.
    for (int i = 0; i < 700; i++) {
      Files.createFile(root.resolve("burst/f" + i));
    }
    w.startThread();
    sink.awaitRescan("burst");
  }

  /** Stands in for the kernel: the first {@code allowed} watches succeed, then ENOSPC as the JDK reports it. */
  private static UnaryOperator<WatchRegistry.Registrar> limitedTo(AtomicInteger allowed) {
    AtomicInteger used = new AtomicInteger();
    return real -> dir -> {
      if (used.get() >= allowed.get()) {
        throw new IOException("User limit of inotify watches reached");
      }
      used.incrementAndGet();
      return real.register(dir);
    };
  }

  @Test
  void theWatchLimitIsReportedOnceAndWhatIsWatchedKeepsWorking() throws Exception {
    for (String d : List.of("d1/a", "d2/b", "d3")) {
      Files.createDirectories(root.resolve(d));
    }
    FolderWatcher w = unstarted(IgnoreMatcher.internalOnly(), limitedTo(new AtomicInteger(2)));
    w.start();
    assertTrue(w.watchLimitReached());
    assertEquals(2, w.watchedDirectoryCount());
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("sysctl fs.inotify.max_user_watches="), warnings.get(0));

    Files.createDirectories(root.resolve("d4/e"));
    write("top.txt", "the root is watched first, so it is among the two");
    sink.awaitDelivered("top.txt");
    sink.awaitDelivered("d4");
    assertEquals(1, warnings.size(), "reported once: " + warnings);
  }

  @Test
  void afterTheLimitIsRaisedThePeriodicRescanWatchesEverything() throws Exception {
    for (String d : List.of("d1/a", "d2/b", "d3")) {
      Files.createDirectories(root.resolve(d));
    }
    AtomicInteger allowed = new AtomicInteger(1);
    sink = new RecordingSink(root);
    FolderWatcher w = new FolderWatcher("test", root, IgnoreMatcher.internalOnly(), sink,
        FAST.withRescanInterval(Duration.ofMillis(200)), System::nanoTime, new Random(1), warnings::add,
        limitedTo(allowed));
    watchers.add(w);
    w.start();
    assertTrue(w.watchLimitReached());
    allowed.set(1_000);
    sink.await(() -> w.watchedDirectoryCount() == 6, () -> "all 6 directories watched, now " + w.watchedDirectories());
    assertFalse(w.watchLimitReached());
    write("d1/a/deep.txt", "d");
    sink.awaitDelivered("d1/a/deep.txt");
    assertEquals(2, warnings.size(), warnings::toString);
    assertTrue(warnings.get(1).contains("watched again"), warnings.get(1));
  }

  @Test
  void thePeriodicRescanAsksForTheWholeFolder() throws Exception {
    watch(IgnoreMatcher.internalOnly(), FAST.withRescanInterval(Duration.ofMillis(300)));
    sink.awaitRescan("");
  }

  @Test
  void closeIsIdempotentAndStopsTheThread() throws Exception {
    FolderWatcher w = watch(IgnoreMatcher.internalOnly(), FAST);
    assertTrue(w.isWatching());
    assertTrue(w.watchedDirectoryCount() >= 1);
    Thread thread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("chorus-watch-test")).findFirst().orElseThrow();
    assertTrue(thread.isDaemon());
    w.close();
    w.close();
    assertFalse(w.isWatching());
    thread.join(RecordingSink.PATIENCE.toMillis());
    assertFalse(thread.isAlive());
    assertEquals(0, w.watchedDirectoryCount());
  }

  private static WatchEvent<Path> event(WatchEvent.Kind<Path> kind, String name) {
    return new WatchEvent<>() {
      @Override
      public Kind<Path> kind() {
        return kind;
      }

      @Override
      public int count() {
        return 1;
      }

      @Override
      public Path context() {
        return Path.of(name);
      }
    };
  }

  private static WatchEvent<Object> overflowEvent() {
    return new WatchEvent<>() {
      @Override
      public Kind<Object> kind() {
        return StandardWatchEventKinds.OVERFLOW;
      }

      @Override
      public int count() {
        return 1;
      }

      @Override
      public Object context() {
        return null;
      }
    };
  }
}
