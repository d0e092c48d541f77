package chorus.core.sync;

import chorus.core.id.ShortId;
import chorus.core.model.RelativePath;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The name a conflict's losing version is kept under, as Syncthing names it:
 * {@code NAME.sync-conflict-YYYYMMDD-HHMMSS-SHORTID.EXT} in the same directory. The time is the loser's
 * mtime in UTC and the ID the device that made the losing version, so every device that makes the copy of
 * the same loser makes the same name.
 */
public final class ConflictName {
  public static final String MARK = ".sync-conflict-";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private ConflictName() {}

  /** The conflict copy's path for a version of {@code path} modified at {@code mtimeNs} by {@code by}. */
  public static String of(String path, long mtimeNs, ShortId by) {
    String dir = RelativePath.parent(path);
    String name = path.substring(dir.isEmpty() ? 0 : dir.length() + 1);
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    String stamp = STAMP.format(Instant.ofEpochSecond(Math.floorDiv(mtimeNs, 1_000_000_000L)));
    String copy = base + MARK + stamp + "-" + by.toString() + ext;
    return dir.isEmpty() ? copy : dir + "/" + copy;
  }

  /** True if the name is already a conflict copy (a conflict of a conflict copy keeps one mark). */
  public static boolean isConflictCopy(String path) {
    return path.contains(MARK);
  }
}
