package chorus.fsindex.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which directory each watch key stands for, by path relative to the folder root. The JDK key keeps
 * the path it was registered under even after the directory is renamed (an inotify watch follows the
 * inode), so the watcher resolves event names through this map and keeps it right: a renamed-away
 * subtree is cancelled, and a key that comes back for a new path is re-labelled with its subtree.
 *
 * <p>Used by the watcher thread (and by {@code start} before it runs); synchronized only so that status
 * and tests can read it from other threads.
 */
final class WatchRegistry {
  /** Registers one directory with the watch service (a seam so tests can simulate kernel limits). */
  @FunctionalInterface
  interface Registrar {
    WatchKey register(Path directory) throws IOException;
  }

  enum Outcome { REGISTERED, ALREADY, GONE, LIMIT_REACHED, FAILED }

  private final Registrar registrar;
  private final TreeMap<String, WatchKey> byPath = new TreeMap<>();
  private final Map<WatchKey, String> byKey = new HashMap<>();
  private volatile int size;
  private IOException lastFailure;

  WatchRegistry(Registrar registrar) {
    this.registrar = registrar;
  }

  /** Watches {@code absolute}, known as {@code relative}; a directory already watched is left alone. */
  synchronized Outcome register(Path absolute, String relative) {
    WatchKey existing = byPath.get(relative);
    if (existing != null && existing.isValid()) {
      return Outcome.ALREADY;
    }
    WatchKey key;
    try {
      key = registrar.register(absolute);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Outcome.GONE;
    } catch (IOException e) {
      lastFailure = e;
      return isWatchLimit(e) ? Outcome.LIMIT_REACHED : Outcome.FAILED;
    }
    String old = byKey.get(key);
    if (old != null && !old.equals(relative)) {
      relabel(old, relative); // the same directory under a new name: a rename we saw in this order
    } else {
      put(relative, key);
    }
    return Outcome.REGISTERED;
  }

  /** The failure behind the last {@link Outcome#FAILED} or {@link Outcome#LIMIT_REACHED}. */
  synchronized IOException lastFailure() {
    return lastFailure;
  }

  static boolean isWatchLimit(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("inotify watches") || m.contains("No space left on device");
  }

  /** The relative directory of {@code key}, or null if it is not (or no longer) ours. */
  synchronized String directoryOf(WatchKey key) {
    return byKey.get(key);
  }

  synchronized boolean isWatched(String relative) {
    return byPath.containsKey(relative);
  }

  /** Stops watching {@code relative} and everything below it (it was deleted or moved away). */
  synchronized void cancelSubtree(String relative) {
    for (String dir : subtree(relative)) {
      WatchKey key = byPath.remove(dir);
      byKey.remove(key);
      key.cancel();
    }
    size = byPath.size();
  }

  /** Forgets a key the service invalidated (its directory is gone). */
  synchronized void forget(WatchKey key) {
    String dir = byKey.remove(key);
    if (dir != null && byPath.get(dir) == key) {
      byPath.remove(dir);
    }
    size = byPath.size();
  }

  /** A snapshot of the watched directories, sorted. */
  synchronized Set<String> watched() {
    return new TreeSet<>(byPath.keySet());
  }

  /** How many directories are watched; safe to read from any thread. */
  int size() {
    return size;
  }

  synchronized void cancelAll() {
    for (WatchKey key : byKey.keySet()) {
      try {
        key.cancel();
      } catch (ClosedWatchServiceException e) {
        // closing the service already released every watch
      }
    }
    byKey.clear();
    byPath.clear();
    size = 0;
  }

  private void relabel(String from, String to) {
    for (String dir : subtree(from)) {
      WatchKey key = byPath.remove(dir);
      String renamed = to + dir.substring(from.length());
      WatchKey displaced = byPath.remove(renamed);
      if (displaced != null && displaced != key) {
        byKey.remove(displaced);
        displaced.cancel();
      }
      put(renamed, key);
    }
  }

  private void put(String relative, WatchKey key) {
    WatchKey displaced = byPath.put(relative, key);
    if (displaced != null && displaced != key) {
      byKey.remove(displaced);
    }
    byKey.put(key, relative);
    size = byPath.size();
  }

  /** {@code relative} itself if watched, then every watched directory below it. */
  private List<String> subtree(String relative) {
    List<String> out = new ArrayList<>();
    if (relative.isEmpty()) {
      out.addAll(byPath.keySet());
      return out;
    }
    if (byPath.containsKey(relative)) {
      out.add(relative);
    }
    // Children sort between "dir/" and "dir0" ('0' follows '/').
    out.addAll(byPath.subMap(relative + "/", true, relative + "0", false).keySet());
    return out;
  }
}
