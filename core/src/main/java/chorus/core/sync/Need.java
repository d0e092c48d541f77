package chorus.core.sync;

/** What this device still needs of a folder from its peers: how many paths, and the bytes of their files. */
public record Need(long files, long bytes) {
  public static final Need NONE = new Need(0, 0);

  public Need {
    if (files < 0 || bytes < 0) {
      throw new IllegalArgumentException("need counts must be >= 0, got " + files + " files, " + bytes + " bytes");
    }
  }
}
