package chorus.core.model;

/** What a path names. Sockets, FIFOs and devices are never recorded. */
public enum FileType {
  FILE,
  DIRECTORY,
  SYMLINK
}
