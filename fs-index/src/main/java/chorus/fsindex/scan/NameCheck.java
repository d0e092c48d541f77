package chorus.fsindex.scan;

import chorus.core.model.RelativePath;
import java.nio.file.Path;
import java.text.Normalizer;

/**
 * Decides whether a name found on disk can be indexed as it is. Paths travel between devices as UTF-8 in
 * Unicode NFC, and chorus must be able to open the file again by that path, so a name is refused (and
 * reported, with what to do) when:
 *
 * <ul>
 *   <li>its bytes are not valid UTF-8: the JDK decodes them with U+FFFD replacement characters, and the
 *       decoded name no longer leads back to the file;
 *   <li>it is not NFC: indexing it under its NFC form would name a file that does not exist here;
 *   <li>the path is not a valid {@link RelativePath} (control characters, backslashes, too long).
 * </ul>
 */
final class NameCheck {
  private NameCheck() {}

  /** Null if {@code entry} (found in a directory listing, named {@code name}) may be indexed as {@code rel}. */
  static String problem(Path entry, String name, String rel) {
    if (isPlainAscii(name) && rel.length() * 3 <= RelativePath.MAX_BYTES) {
      // Printable ASCII without a backslash, under a parent that passed already, and short enough even if
      // every character of the parent took three bytes: nothing RelativePath would refuse.
      return null;
    }
    if (name.indexOf('\uFFFD') >= 0 && !entry.getFileName().equals(entry.getFileSystem().getPath(name))) {
      return "name is not valid UTF-8 (undecodable bytes shown as \uFFFD); rename it to index it";
    }
    if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      return "name is not in Unicode NFC form; rename it to its NFC form \""
          + Normalizer.normalize(name, Normalizer.Form.NFC) + "\" to index it";
    }
    String problem = RelativePath.problem(rel);
    return problem == null ? null : "path " + problem;
  }

  /** The common case, decided without normalizing or encoding: most names are plain ASCII. */
  private static boolean isPlainAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
