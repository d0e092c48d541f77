package chorus.cli.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder tree as the sync tests compare it: every entry's type and permissions; a file's SHA-256 and
 * mtime; a symlink's target. Chorus's own names are left out; a directory's mtime too (it moves whenever
 * an entry inside it does, on each host at its own time).
 */
final class Trees {
  private Trees() {}

  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (internal(rel)) {
          continue;
        }
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String perms = PosixFilePermissions.toString(a.permissions());
        if (a.isSymbolicLink()) {
          out.put(rel, "link -> " + Files.readSymbolicLink(p));
        } else if (a.isDirectory()) {
          out.put(rel, "dir " + perms);
        } else {
          out.put(rel, "file " + perms + " " + a.lastModifiedTime().toMillis() + " " + sha256(p));
        }
      }
    }
    return out;
  }

  static boolean internal(String rel) {
    for (String part : rel.split("/")) {
      if (part.startsWith(".chorus")) {
        return true;
      }
    }
    return false;
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
