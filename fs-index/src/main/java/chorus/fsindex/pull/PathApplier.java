package chorus.fsindex.pull;

import chorus.core.feed.ChangeOrigin;
import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import chorus.core.model.VersionVector;
import chorus.core.sync.ConflictName;
import chorus.fsindex.scan.InternalFiles;
import chorus.fsindex.store.FileStat;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The disk side of applying one path: never over anything the index does not know (the disk must match
 * the observed record, else the path is rescanned and decided again), the replaced version kept by the
 * folder's versioning or as a conflict copy, the new content renamed into place atomically with its mtime
 * and permissions already set.
 */
final class PathApplier {
  /** Tells the folder's owner what the engine did on disk: its watcher must not take it for a user's change. */
  interface Effects {
    /**
     * The engine is about to make {@code path} hold {@code expected} (null: nothing there). Watcher events
     * for it that find exactly that are the engine's own and must not become a local change.
     */
    void wrote(String path, FileRecord expected);

    void changedUnderUs(String path);
  }

  private final SafeFolder folder;
  private final ShortId me;
  private final Clock clock;
  private final Archiver archiver;
  private final Effects effects;

  PathApplier(SafeFolder folder, ShortId me, Clock clock, Archiver archiver, Effects effects) {
    this.folder = folder;
    this.me = me;
    this.clock = clock;
    this.archiver = archiver;
    this.effects = effects;
  }

  /** Refuses to go on if the disk no longer holds what the index says (a user's change not yet scanned). */
  void requireUnchanged(PullTask t) throws IOException, PullFailure {
    FileStat disk = folder.lstat(t.path());
    FileRecord o = t.observed();
    boolean expected;
    if (o == null || o.deleted()) {
      expected = disk == null;
    } else if (disk == null) {
      expected = false;
    } else {
      expected = switch (o.type()) {
        case FILE -> disk.kind() == FileStat.Kind.FILE && disk.size() == o.size() && disk.mtimeNs() == o.mtimeNs()
            && disk.inode() == o.inode() && disk.ctimeNs() == o.ctimeNs() && o.ctimeNs() != 0;
        case DIRECTORY -> disk.kind() == FileStat.Kind.DIRECTORY;
        case SYMLINK -> disk.kind() == FileStat.Kind.SYMLINK && disk.inode() == o.inode();
      };
    }
    if (!expected) {
      effects.changedUnderUs(t.path());
      throw new PullFailure("changed on disk since it was last scanned; it is rescanned and decided again", true);
    }
  }

  /**
   * Keeps this device's losing version under its conflict name (a rename: no bytes copied) and returns
   * the record of the copy, a new local file that syncs like any other.
   */
  Done keepConflictCopy(PullTask t) throws IOException, PullFailure {
    FileRecord o = t.observed();
    String copy = freeConflictName(t.path(), o);
    Path from = folder.file(t.path(), false);
    Path to = folder.file(copy, false);
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    effects.wrote(copy, o);
    effects.wrote(t.path(), null);
    FileStat st = FileStat.lstat(to);
    long now = clock.instant().getEpochSecond();
    FileRecord record = new FileRecord(copy, o.type(), o.size(), o.mtimeNs(), o.permissions(), st.inode(),
        st.deviceNo(), o.type() == FileType.FILE ? st.ctimeNs() : 0, false, VersionVector.EMPTY.update(me, now), 0, me,
        o.chunks(), o.contentHash(), o.symlinkTarget());
    return new Done(record, null, ChangeOrigin.LOCAL_CONFLICT_COPY, t);
  }

  private String freeConflictName(String path, FileRecord loser) throws IOException, PullFailure {
    String base = ConflictName.of(path, loser.mtimeNs(), loser.modifiedBy());
    String name = base;
    for (int n = 1; folder.lstat(name) != null; n++) {
      if (n > 100) {
        throw new PullFailure("no free name for the conflict copy of " + path, false);
      }
      name = base + "-" + n;
    }
    if (RelativePath.problem(name) != null) {
      throw new PullFailure("the conflict copy's name would be invalid: " + RelativePath.problem(name), false);
    }
    return name;
  }

  /** Moves the assembled temp file into place, after versioning what it replaces. */
  FileRecord placeFile(PullTask t, Path temp) throws IOException {
    FileRecord target = t.target();
    Files.setPosixFilePermissions(temp, permissions(target.permissions()));
    Files.setLastModifiedTime(temp, FileTime.from(target.mtimeNs(), TimeUnit.NANOSECONDS));
    Path dest = folder.file(t.path(), false);
    archiveExisting(t);
    effects.wrote(t.path(), target);
    move(temp, dest);
    FileStat st = FileStat.lstat(dest);
    return target.withLocalFacts(st.inode(), st.deviceNo(), st.ctimeNs());
  }

  FileRecord makeDirectory(PullTask t) throws IOException, PullFailure {
    FileRecord target = t.target();
    Path dest = folder.file(t.path(), true);
    FileStat disk = folder.lstat(t.path());
    if (disk != null && disk.kind() != FileStat.Kind.DIRECTORY) {
      archiveOrDelete(t);
      disk = null;
    }
    effects.wrote(t.path(), target);
    if (disk == null) {
      Files.createDirectory(dest);
    }
    Files.setPosixFilePermissions(dest, permissions(target.permissions()));
    FileStat st = FileStat.lstat(dest);
    return new FileRecord(target.path(), FileType.DIRECTORY, 0, target.mtimeNs(), target.permissions(), st.inode(),
        st.deviceNo(), 0, false, target.version(), 0, target.modifiedBy(), List.of(), null, null);
  }

  FileRecord makeSymlink(PullTask t) throws IOException, PullFailure {
    FileRecord target = t.target();
    Path dest = folder.file(t.path(), true);
    FileStat disk = folder.lstat(t.path());
    if (disk != null && disk.kind() == FileStat.Kind.DIRECTORY) {
      throw new PullFailure("a directory is where the cluster has a symlink; remove it to let the link in", false);
    }
    Path scratch = folder.file(TempName.scratch(t.path(), "link"), false);
    Files.deleteIfExists(scratch);
    Files.createSymbolicLink(scratch, Path.of(target.symlinkTarget()));
    try {
      Files.getFileAttributeView(scratch, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(FileTime.from(target.mtimeNs(), TimeUnit.NANOSECONDS), null, null);
    } catch (IOException | UnsupportedOperationException e) {
      // a link's own mtime cannot be set everywhere; the scan records whatever it is
    }
    if (disk != null) {
      archiveExisting(t);
    }
    effects.wrote(t.path(), target);
    move(scratch, dest);
    FileStat st = FileStat.lstat(dest);
    return new FileRecord(target.path(), FileType.SYMLINK, 0, st.mtimeNs(), target.permissions(), st.inode(),
        st.deviceNo(), 0, false, target.version(), 0, target.modifiedBy(), List.of(), null, target.symlinkTarget());
  }

  /** Deletes what the cluster deleted; a directory only once nothing but our own temp files is left in it. */
  FileRecord delete(PullTask t) throws IOException, PullFailure {
    FileStat disk = folder.lstat(t.path());
    if (disk != null) {
      effects.wrote(t.path(), null);
      if (disk.kind() == FileStat.Kind.DIRECTORY) {
        deleteDirectory(t.path());
      } else {
        archiveOrDelete(t);
      }
    }
    return t.target().withLocalFacts(0, 0, 0);
  }

  /** Sets the winner's mtime and permissions on content the disk already has, and records its version. */
  FileRecord adopt(PullTask t) throws IOException {
    FileRecord target = t.target();
    if (target.deleted()) {
      return target.withLocalFacts(0, 0, 0);
    }
    Path dest = folder.file(t.path(), false);
    effects.wrote(t.path(), target);
    if (target.type() != FileType.SYMLINK) {
      Files.setPosixFilePermissions(dest, permissions(target.permissions()));
    }
    if (target.type() == FileType.FILE) {
      Files.setLastModifiedTime(dest, FileTime.from(target.mtimeNs(), TimeUnit.NANOSECONDS));
    }
    FileStat st = FileStat.lstat(dest);
    long mtime = target.type() == FileType.FILE ? target.mtimeNs() : st.mtimeNs();
    return new FileRecord(target.path(), target.type(), target.size(), mtime, target.permissions(), st.inode(),
        st.deviceNo(), target.type() == FileType.FILE ? st.ctimeNs() : 0, false, target.version(), 0,
        target.modifiedBy(), target.chunks(), target.contentHash(), target.symlinkTarget());
  }

  private void archiveExisting(PullTask t) throws IOException {
    FileRecord o = t.observed();
    if (o != null && !o.deleted() && o.type() != FileType.DIRECTORY) {
      archiver.archive(t.path()); // if off, the rename below replaces it
    }
  }

  private void archiveOrDelete(PullTask t) throws IOException {
    if (!archiver.archive(t.path())) {
      Files.deleteIfExists(folder.file(t.path(), false));
    }
  }

  private void deleteDirectory(String rel) throws IOException, PullFailure {
    Path dir = folder.directory(rel, false);
    List<Path> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        leftovers.add(p);
      }
    }
    for (Path p : leftovers) {
      String name = p.getFileName().toString();
      if (name.startsWith(InternalFiles.TEMP_PREFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(p); // a pull that will never finish: its target's directory is going
      }
    }
    try {
      Files.delete(dir);
    } catch (DirectoryNotEmptyException e) {
      throw new PullFailure("deleted in the cluster but still holds files the cluster does not know "
          + "(ignored, or new here); they are kept", true);
    } catch (NoSuchFileException e) {
      // gone already
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename atomically into " + to + ": " + e.getMessage(), e);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
