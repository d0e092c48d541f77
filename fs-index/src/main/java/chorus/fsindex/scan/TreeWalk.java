package chorus.fsindex.scan;

import chorus.fsindex.store.FileStat;
import chorus.core.model.FileType;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.IndexChild;
import chorus.fsindex.store.StoredStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The front half of a scan: walks the tree one directory at a time, merging each directory's sorted listing
 * with the index's sorted children of that directory. A name on both sides is compared by its stat; a name
 * only on disk is new; a name only in the index is gone, and it and everything the index holds below it
 * get tombstones. Files to hash go to the {@link HashPipeline}; everything else is written directly.
 *
 * <p>Memory is bounded by the largest directory and the depth of the tree, never by the whole tree: there
 * is no list of all paths, on either side.
 *
 * <p>The walk never deletes what it could not see: a directory that cannot be listed, or an entry that
 * cannot be stat'ed, is reported and its records are left as they are.
 */
final class TreeWalk {
  private record DiskEntry(String name, Path file, FileStat stat) {
    boolean unreadable() {
      return stat == null;
    }
  }

  private final Path root;
  private final FolderIndex index;
  private final ScanFilter filter;
  private final HashPipeline pipeline;
  private final RecordFactory records;
  private final ScanCounters counters;
  private final ProblemLog problems;
  private final ScanOptions.WalkHook walkHook;

  TreeWalk(Path root, FolderIndex index, ScanFilter filter, HashPipeline pipeline, RecordFactory records,
      ScanCounters counters, ProblemLog problems, ScanOptions.WalkHook walkHook) {
    this.root = root;
    this.index = index;
    this.filter = filter;
    this.pipeline = pipeline;
    this.records = records;
    this.counters = counters;
    this.problems = problems;
    this.walkHook = walkHook;
  }

  /** Scans {@code rel} ("" for the whole folder) and everything below it, and records its ancestors. */
  void walk(String rel) throws InterruptedException {
    if (rel.isEmpty()) {
      walkFrom("");
      return;
    }
    String[] parts = rel.split("/");
    String current = "";
    for (int k = 0; k < parts.length; k++) {
      if (InternalFiles.isInternal(parts[k])) {
        return;
      }
      current = current.isEmpty() ? parts[k] : current + "/" + parts[k];
      boolean descend = visitAlone(current, parts[k]);
      if (!descend) {
        return;
      }
      if (k == parts.length - 1) {
        walkFrom(current);
      }
    }
  }

  private boolean visitAlone(String rel, String name) throws InterruptedException {
    Path file = root.resolve(rel);
    StoredStat stored = index.stat(rel).orElse(null); // before the disk, as in processDirectory
    DiskEntry disk;
    try {
      disk = new DiskEntry(name, file, FileStat.lstat(file));
    } catch (NoSuchFileException e) {
      disk = null;
    } catch (IOException e) {
      problems.add(rel, "cannot stat: " + reason(e));
      return false;
    }
    // Whether the index holds anything below is not known without a look; deleting below is a cheap
    // no-op when it holds nothing.
    return visit(rel, disk, new IndexChild(name, stored, true));
  }

  private void walkFrom(String dir) throws InterruptedException {
    Deque<String> pending = new ArrayDeque<>();
    pending.push(dir);
    while (!pending.isEmpty()) {
      checkAborted();
      List<String> subdirs = processDirectory(pending.pop());
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        pending.push(subdirs.get(i));
      }
    }
  }

  /** Merges one directory with the index; returns the subdirectories to walk, in name order. */
  private List<String> processDirectory(String dir) throws InterruptedException {
    // The index first, then the disk. The puller puts a file in place before it records it, so whatever
    // it commits after the index was read is either already on disk for the listing (a file the walk
    // sees as new, written only if the index still holds what the walk read: it does not) or not seen on
    // either side. The other order read a record committed after the listing, found no file for it, and
    // wrote a tombstone conditional on that very record.
    List<IndexChild> known = index.children(dir);
    List<DiskEntry> disk;
    try {
      disk = list(dir);
    } catch (IOException e) {
      problems.add(dir, "cannot list directory: " + reason(e) + "; its index entries are kept as they are");
      return List.of();
    }
    walkHook.afterListing(dir);
    List<String> subdirs = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < disk.size() || j < known.size()) {
      int c = i >= disk.size() ? 1 : j >= known.size() ? -1 : disk.get(i).name().compareTo(known.get(j).name());
      DiskEntry d = c <= 0 ? disk.get(i++) : null;
      IndexChild k = c >= 0 ? known.get(j++) : null;
      String rel = join(dir, d != null ? d.name() : k.name());
      if (visit(rel, d, k)) {
        subdirs.add(rel);
      }
    }
    return subdirs;
  }

  /** Compares one path's disk entry (null if gone) with the index (null if unknown); true to descend. */
  private boolean visit(String rel, DiskEntry disk, IndexChild known) throws InterruptedException {
    StoredStat old = known == null ? null : known.stat();
    boolean below = known != null && known.hasDescendants();
    if (disk == null) {
      if (known != null) {
        boolean wasDirectory = old == null || old.type() == FileType.DIRECTORY;
        if (filter.isIgnored(rel, wasDirectory)) {
          counters.ignored.incrementAndGet();
        } else {
          deleteTree(rel, old, below);
        }
      }
      return false;
    }
    if (disk.unreadable()) {
      return false;
    }
    FileStat st = disk.stat();
    boolean directory = st.kind() == FileStat.Kind.DIRECTORY;
    if (filter.isIgnored(rel, directory)) {
      counters.ignored.incrementAndGet();
      return directory && !filter.canSkipDirectory(rel);
    }
    boolean live = old != null && !old.deleted();
    switch (st.kind()) {
      case DIRECTORY -> {
        counters.directories.incrementAndGet();
        if (live && old.type() == FileType.DIRECTORY && old.permissions() == st.permissions()) {
          counters.unchanged.incrementAndGet();
        } else {
          pipeline.write(rel, RecordFactory.ifStill(observed(old), records.directory(rel, st)));
        }
        return true;
      }
      case FILE -> {
        counters.files.incrementAndGet();
        counters.bytes.addAndGet(st.size());
        if (below) {
          deleteBelow(rel);
        }
        // A chmod moves the ctime too, so it is hashed like any other change; unchanged content keeps its
        // chunks and the new permissions make a new version (RecordFactory.file).
        if (old != null && st.matches(old) && old.permissions() == st.permissions()) {
          counters.unchanged.incrementAndGet();
        } else {
          pipeline.hash(new HashPipeline.HashJob(rel, disk.file(), st, observed(old)));
        }
        return false;
      }
      case SYMLINK -> {
        counters.symlinks.incrementAndGet();
        if (below) {
          deleteBelow(rel);
        }
        if (live && old.type() == FileType.SYMLINK && old.mtimeNs() == st.mtimeNs() && old.inode() == st.inode()) {
          counters.unchanged.incrementAndGet();
        } else {
          String target = readTarget(rel, disk.file());
          if (target != null) {
            pipeline.write(rel, RecordFactory.ifStill(observed(old), records.symlink(rel, st, target)));
          }
        }
        return false;
      }
      default -> {
        counters.skipped.incrementAndGet();
        deleteTree(rel, old, below);
        return false;
      }
    }
  }

  /** The sequence of the record the walk compared a path with, -1 if the index held none. */
  private static long observed(StoredStat old) {
    return old == null ? -1 : old.sequence();
  }

  private String readTarget(String rel, Path link) {
    Path target;
    try {
      target = Files.readSymbolicLink(link);
    } catch (NoSuchFileException e) {
      problems.add(rel, "vanished before its target could be read");
      return null;
    } catch (IOException e) {
      problems.add(rel, "cannot read symlink target: " + reason(e));
      return null;
    }
    String text = target.toString();
    if (text.indexOf('\uFFFD') >= 0 && !target.equals(target.getFileSystem().getPath(text))) {
      problems.add(rel, "symlink target is not valid UTF-8");
      return null;
    }
    if (text.isEmpty() || text.indexOf('\0') >= 0 || text.getBytes(StandardCharsets.UTF_8).length > 4096) {
      problems.add(rel, "symlink target is empty or too long");
      return null;
    }
    return text;
  }

  private void deleteTree(String rel, StoredStat old, boolean below) throws InterruptedException {
    if (old != null && !old.deleted()) {
      pipeline.write(rel, RecordFactory.ifStill(old.sequence(), records.tombstone()));
    }
    if (below) {
      deleteBelow(rel);
    }
  }

  /** Tombstones every live record below {@code dir}, streaming from the index. */
  private void deleteBelow(String dir) throws InterruptedException {
    boolean[] interrupted = {false};
    index.forEachStat(dir + "/", (path, stat) -> {
      if (stat.deleted()) {
        return true;
      }
      try {
        pipeline.write(path, RecordFactory.ifStill(stat.sequence(), records.tombstone()));
        return true;
      } catch (InterruptedException e) {
        interrupted[0] = true;
        return false;
      }
    });
    if (interrupted[0]) {
      throw new InterruptedException();
    }
  }

  private List<DiskEntry> list(String dir) throws IOException {
    Path path = dir.isEmpty() ? root : root.resolve(dir);
    List<DiskEntry> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (InternalFiles.isInternal(name)) {
          continue;
        }
        String rel = join(dir, name);
        String problem = NameCheck.problem(p, name, rel);
        if (problem != null) {
          problems.add(rel, problem);
          continue;
        }
        try {
          out.add(new DiskEntry(name, p, FileStat.lstat(p)));
        } catch (NoSuchFileException e) {
          // Gone between the listing and the stat: it is deleted as far as this scan can tell.
        } catch (IOException e) {
          problems.add(rel, "cannot stat: " + reason(e) + "; its index entry is kept as it is");
          out.add(new DiskEntry(name, p, null));
        }
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    out.sort(Comparator.comparing(DiskEntry::name));
    return out;
  }

  private void checkAborted() {
    Throwable f = pipeline.failure();
    if (f != null) {
      throw new ScanAbortedException(f);
    }
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.toString();
  }
}
