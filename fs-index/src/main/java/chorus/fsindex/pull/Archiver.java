package chorus.fsindex.pull;

import java.io.IOException;

/**
 * What happens to a file that sync is about to replace or delete: the folder's versioning moves it into
 * {@code .chorus-versions/} and returns true; with versioning off it returns false and the caller
 * replaces or deletes it as usual.
 */
@FunctionalInterface
public interface Archiver {
  Archiver OFF = path -> false;

  /** @param path relative to the folder root, already validated */
  boolean archive(String path) throws IOException;
}
