package chorus.core.sync;

import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import chorus.core.model.ReservedNames;
import java.nio.charset.StandardCharsets;

/**
 * The one check a record from a peer must pass before anything of it is stored or touches the disk. A
 * record that fails is refused on its own (reported, skipped); it never ends the connection, so one hostile
 * or broken record cannot stop the rest of a folder from syncing.
 *
 * <ul>
 *   <li>The path passes {@link RelativePath} (relative, {@code /}-separated, NFC, no empty, {@code .} or
 *       {@code ..} segment, no NUL, control character or backslash). The {@link FileRecord} constructor
 *       enforces it already; it is checked again here so this method alone is the whole rule.
 *   <li>No segment, at any depth and in any ASCII case, is one of chorus's own names
 *       ({@link ReservedNames}): a peer must not write our temp files, versions, marker or ignore file.
 *   <li>No setuid, setgid or sticky bit (07000): a synced file must never gain privileges.
 *   <li>Only a live file has a size: a directory, a symlink or a tombstone with one is nonsense, and its
 *       size would count as bytes needed.
 *   <li>No version counter is above {@link #MAX_COUNTER}: a forged huge counter would wrap our next edit's
 *       counter around and make it lose to the forgery for good.
 *   <li>A live symlink's target is not empty, has no NUL and is at most {@value #MAX_SYMLINK_TARGET_BYTES}
 *       bytes (what Linux accepts as a link target).
 * </ul>
 */
public final class PeerRecordCheck {
  /** The longest symlink target accepted, in UTF-8 bytes (Linux's PATH_MAX). */
  public static final int MAX_SYMLINK_TARGET_BYTES = 4096;

  /**
   * The largest version counter accepted (2^53). Counters are the larger of the last counter + 1 and the
   * clock in Unix seconds, so a real one is about 1.8e9 now; 2^53 is further than any clock or edit count
   * gets, and far enough below Long.MAX_VALUE that counter + 1 never wraps.
   */
  public static final long MAX_COUNTER = 1L << 53;

  private PeerRecordCheck() {}

  /** Null if {@code r} is acceptable from a peer, else a human-readable reason. */
  public static String problem(FileRecord r) {
    String pathProblem = RelativePath.problem(r.path());
    if (pathProblem != null) {
      return "path " + pathProblem;
    }
    String reserved = ReservedNames.firstReservedSegment(r.path());
    if (reserved != null) {
      return "path uses chorus's reserved name \"" + reserved + "\"";
    }
    if ((r.permissions() & 07000) != 0) {
      return "permissions " + String.format("%04o", r.permissions()) + " set setuid, setgid or sticky bits";
    }
    if (r.size() != 0 && (r.deleted() || r.type() != FileType.FILE)) {
      return "a " + (r.deleted() ? "deleted " : "") + kind(r.type()) + " has size " + r.size() + " (must be 0)";
    }
    for (chorus.core.model.VersionVector.Counter c : r.version().counters()) {
      if (c.value() > MAX_COUNTER) {
        return "version counter " + c.value() + " of device " + c.device() + " is beyond any clock (max " + MAX_COUNTER + ")";
      }
    }
    if (r.type() == FileType.SYMLINK && !r.deleted()) {
      return symlinkTargetProblem(r.symlinkTarget());
    }
    return null;
  }

  /** Null if {@code target} is a storable symlink target, else why not. */
  public static String symlinkTargetProblem(String target) {
    if (target == null || target.isEmpty()) {
      return "symlink target is empty";
    }
    int nul = target.indexOf('\0');
    if (nul >= 0) {
      return "symlink target contains NUL at index " + nul;
    }
    int bytes = target.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SYMLINK_TARGET_BYTES) {
      return "symlink target is " + bytes + " bytes, more than " + MAX_SYMLINK_TARGET_BYTES;
    }
    return null;
  }

  private static String kind(FileType type) {
    return switch (type) {
      case FILE -> "file";
      case DIRECTORY -> "directory";
      case SYMLINK -> "symlink";
    };
  }
}
