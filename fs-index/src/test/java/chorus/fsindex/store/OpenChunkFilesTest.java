package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenChunkFilesTest {
  @TempDir Path tmp;
  final AtomicLong now = new AtomicLong();
  final ArrayDeque<Runnable> sweeps = new ArrayDeque<>();

  OpenChunkFiles files(int capacity) {
    return new OpenChunkFiles(capacity, 1_000, now::get, sweeps::add);
  }

  OpenChunkFiles.Handle open(OpenChunkFiles files, String name) throws Exception {
    Path p = Files.write(tmp.resolve(name), new byte[] {1, 2, 3});
    return files.add(p, FileChannel.open(p, StandardOpenOption.READ), FileStat.lstat(p));
  }

  @Test
  void aReleasedHandleIsHandedOutAgain() throws Exception {
    OpenChunkFiles files = files(4);
    OpenChunkFiles.Handle h = open(files, "a");
    files.release(h);
    assertSame(h, files.acquire(tmp.resolve("a")));
    assertNull(files.acquire(tmp.resolve("b")));
  }

  @Test
  void theLeastRecentlyUsedIsClosedBeyondCapacityButNotWhileInUse() throws Exception {
    OpenChunkFiles files = files(2);
    OpenChunkFiles.Handle a = open(files, "a");
    OpenChunkFiles.Handle b = open(files, "b");
    files.release(b);
    OpenChunkFiles.Handle c = open(files, "c"); // a is the eldest, still in use
    assertEquals(2, files.size());
    assertNull(files.acquire(tmp.resolve("a")), "evicted");
    assertTrue(a.channel().isOpen(), "a reader still uses it");
    files.release(a);
    assertFalse(a.channel().isOpen());
    files.release(c);
    assertTrue(b.channel().isOpen() && c.channel().isOpen());
  }

  @Test
  void aRetiredHandleIsClosedOnReleaseAndNotHandedOut() throws Exception {
    OpenChunkFiles files = files(4);
    OpenChunkFiles.Handle a = open(files, "a");
    files.retire(a);
    assertNull(files.acquire(tmp.resolve("a")));
    assertTrue(a.channel().isOpen());
    files.release(a);
    assertFalse(a.channel().isOpen());
  }

  @Test
  void aSecondOpenOfTheSamePathStaysUnsharedAndIsClosedOnRelease() throws Exception {
    OpenChunkFiles files = files(4);
    OpenChunkFiles.Handle first = open(files, "a");
    OpenChunkFiles.Handle second = open(files, "a");
    assertNotSame(first, second);
    files.release(second);
    assertFalse(second.channel().isOpen());
    assertTrue(first.channel().isOpen());
  }

  @Test
  void idleHandlesAreClosedBySweepsThatStopWhenNoneAreLeft() throws Exception {
    OpenChunkFiles files = files(4);
    OpenChunkFiles.Handle a = open(files, "a");
    assertEquals(1, sweeps.size(), "a sweep is scheduled once a file is open");
    files.release(a);
    now.set(500);
    sweeps.poll().run();
    assertTrue(a.channel().isOpen(), "not idle long enough");
    assertEquals(1, sweeps.size());
    now.set(1_000);
    sweeps.poll().run();
    assertFalse(a.channel().isOpen());
    assertEquals(0, files.size());
    assertEquals(0, sweeps.size(), "nothing open, no sweep");
  }

  @Test
  void aHandleInUseIsNotSweptAway() throws Exception {
    OpenChunkFiles files = files(4);
    OpenChunkFiles.Handle a = open(files, "a");
    now.set(10_000);
    sweeps.poll().run();
    assertTrue(a.channel().isOpen());
    assertSame(a, files.acquire(tmp.resolve("a")));
    files.release(a);
    files.release(a);
  }
}
