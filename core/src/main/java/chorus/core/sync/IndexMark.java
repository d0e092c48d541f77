package chorus.core.sync;

/**
 * A place in one device's change log for a folder: the index ID it belongs to and a sequence in it.
 * Index ID 0 means "none known".
 */
public record IndexMark(long indexId, long sequence) {
  public static final IndexMark NONE = new IndexMark(0, 0);

  public IndexMark {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
  }
}
