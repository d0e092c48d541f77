package chorus.fsindex.store;

/**
 * How far this device got in a peer's change log for one folder: the peer's index ID it was reading and
 * the highest sequence of it that this device holds. A different index ID means start over.
 */
public record PeerProgress(long indexId, long sequence) {
  public PeerProgress {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
  }
}
