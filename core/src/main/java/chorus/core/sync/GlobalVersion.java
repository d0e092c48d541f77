package chorus.core.sync;

import chorus.core.config.FolderType;
import chorus.core.id.DeviceId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector.Ordering;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides, for one path, the cluster's version and what this device must do to hold it. A pure function
 * of the records, so every device that sees the same records decides the same.
 *
 * <p>The global version is the greatest record among this device's and every peer's. When the greatest
 * are concurrent (a conflict), one wins by a rule every device applies alike: a live record beats a
 * deletion (delete vs modify: the modification comes back everywhere), then the newer mtime, then the
 * smaller modifying device ID. Every device then records the winner as it is (its version unchanged):
 * versions are never merged, because a merged version would dominate the loser's, and a loser that saw
 * it before the plain winner would take it for an ordinary update and overwrite its edit. Only a device
 * whose own version lost keeps it, as a conflict copy, before taking the winner; the copy is a new file
 * there and reaches the others like any other. A device that was away decides the same when it returns.
 *
 * <p>Equal data never moves: when the data (type, content hash, link target, deleted state) is what
 * this device already has, the result is an ADOPT (record the version, set mtime and permissions), never
 * a transfer and never a conflict copy.
 */
public final class GlobalVersion {
  private GlobalVersion() {}

  /** The winner among concurrent records; also used to order candidates deterministically. */
  static final Comparator<FileRecord> WINNER_FIRST = Comparator
      .comparing((FileRecord r) -> r.deleted())                        // live first
      .thenComparing(FileRecord::mtimeNs, Comparator.reverseOrder())    // newer mtime first
      .thenComparing(FileRecord::modifiedBy)                            // smaller device ID first
      .thenComparing(r -> r.version().toString())                      // then any total order
      .thenComparing(r -> String.valueOf(r.contentHash()) + r.permissions() + r.symlinkTarget());

  /**
   * @param ours this device's record of the path, or null
   * @param theirs the path as each peer the folder is shared with announced it
   * @param type the folder's type on this device: a send-only folder applies nothing; in a receive-only
   *     folder this device's own changes never win
   */
  public static Resolution resolve(FileRecord ours, Collection<Announced> theirs, FolderType type, DeviceId self) {
    return decide(ours, theirs, type, self).resolution();
  }

  /**
   * The cluster's version of a path as every device decides it ({@code global}: the winner among the
   * greatest records, null if no device has one), and what this device must do about it.
   */
  public record Decision(Resolution resolution, FileRecord global) {}

  /** As {@link #resolve}, with the cluster's version too (the greatest records are found once). */
  public static Decision decide(FileRecord ours, Collection<Announced> theirs, FolderType type, DeviceId self) {
    List<FileRecord> maxima = new ArrayList<>();
    if (ours != null) {
      maxima.add(ours);
    }
    for (Announced a : theirs) {
      addCandidate(maxima, a.record());
    }
    if (maxima.isEmpty()) {
      return new Decision(Resolution.NONE, null);
    }
    boolean oursIsMaximal = ours != null && maxima.contains(ours);
    maxima.sort(WINNER_FIRST);
    return new Decision(resolve(ours, theirs, type, self, maxima, oursIsMaximal), maxima.get(0));
  }

  private static Resolution resolve(FileRecord ours, Collection<Announced> theirs, FolderType type, DeviceId self,
      List<FileRecord> maxima, boolean oursIsMaximal) {
    FileRecord winner = maxima.get(0);
    if (type == FolderType.RECEIVE_ONLY && ours != null && oursIsMaximal && winner == ours && maxima.size() > 1
        && isOurs(ours, self)) {
      winner = maxima.get(1); // our local change does not win here: the cluster's version does
    }
    FileRecord target = winner;
    if (ours != null && ours.version().equals(target.version()) && sameData(ours, target)) {
      return Resolution.NONE;
    }
    if (ours != null && maxima.size() == 1 && winner == ours) {
      return Resolution.NONE; // we hold the greatest version: the others need ours
    }
    if (ours == null && target.deleted()) {
      return Resolution.NONE; // a deletion of something we never had
    }
    List<DeviceId> sources = sourcesOf(target, theirs);
    if (ours != null && sameData(ours, target)) {
      return new Resolution(Resolution.Action.ADOPT, target, false, sources);
    }
    boolean weLose = ours != null && oursIsMaximal && maxima.size() > 1 && winner != ours;
    if (ours == winner) {
      // Concurrent with others and ours wins: they resolve towards ours; we wait for their merge.
      return Resolution.NONE;
    }
    boolean keepCopy = weLose && !ours.deleted() && ours.type() != FileType.DIRECTORY;
    return new Resolution(Resolution.Action.APPLY, target, keepCopy, sources);
  }

  /** Adds {@code r} to the set of records that no other record dominates. */
  private static void addCandidate(List<FileRecord> maxima, FileRecord r) {
    for (int i = maxima.size() - 1; i >= 0; i--) {
      Ordering o = r.version().compare(maxima.get(i).version());
      if (o == Ordering.LESSER || (o == Ordering.EQUAL && sameAsSeen(r, maxima.get(i)))) {
        return; // dominated, or already present (the first seen is kept: ours if ours)
      }
      if (o == Ordering.GREATER) {
        maxima.remove(i);
      }
    }
    maxima.add(r);
  }

  /** Equal in everything a peer sees but the sequence: the same record, announced by two devices. */
  private static boolean sameAsSeen(FileRecord a, FileRecord b) {
    return sameData(a, b) && a.mtimeNs() == b.mtimeNs() && a.permissions() == b.permissions()
        && a.modifiedBy().equals(b.modifiedBy()) && a.size() == b.size();
  }

  /** True if this device made the record's version (a local change, not one applied from a peer). */
  private static boolean isOurs(FileRecord r, DeviceId self) {
    return self != null && r.modifiedBy().equals(self.shortId());
  }

  /** Same type, deleted state, content and link target; metadata (mtime, permissions) may differ. */
  public static boolean sameData(FileRecord a, FileRecord b) {
    if (a.deleted() || b.deleted()) {
      return a.deleted() == b.deleted();
    }
    return a.type() == b.type() && Objects.equals(a.contentHash(), b.contentHash())
        && Objects.equals(a.symlinkTarget(), b.symlinkTarget());
  }

  /**
   * The peers that announced the target's data: for a file, every one with the same content (any of them
   * can serve its chunks), the announcers of the target's own version first; else those of its version.
   */
  private static List<DeviceId> sourcesOf(FileRecord target, Collection<Announced> theirs) {
    List<DeviceId> out = new ArrayList<>();
    for (Announced a : theirs) {
      if (a.record().version().equals(target.version())) {
        out.add(a.device());
      }
    }
    if (target.deleted() || target.type() != FileType.FILE) {
      return out;
    }
    for (Announced a : theirs) {
      FileRecord r = a.record();
      if (!out.contains(a.device()) && !r.deleted() && r.type() == FileType.FILE
          && target.contentHash().equals(r.contentHash())) {
        out.add(a.device());
      }
    }
    out.removeIf(d -> theirs.stream().noneMatch(a -> a.device().equals(d) && !a.record().deleted()
        && a.record().type() == FileType.FILE && target.contentHash().equals(a.record().contentHash())));
    return out;
  }
}
