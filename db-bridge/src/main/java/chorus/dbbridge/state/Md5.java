package chorus.dbbridge.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The base64 MD5 of a file's bytes: ActiveStorage's {@code checksum} form. */
public final class Md5 {
  private Md5() {}

  /**
   * @param root the folder root
   * @param path a path the index holds (validated relative path)
   * @return the checksum, or null when the file cannot be read as a regular file inside the folder now
   */
  public static String of(Path root, String path) {
    Path file = root.resolve(path);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !file.toRealPath().startsWith(root.toRealPath())) {
        return null; // a symlinked parent leads out of the folder: not ours to read
      }
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[1 << 16];
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return Base64.getEncoder().encodeToString(md.digest());
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
