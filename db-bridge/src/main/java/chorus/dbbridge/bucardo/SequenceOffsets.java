package chorus.dbbridge.bucardo;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Per-node sequence offsets: node i of N hands out ids ≡ i (mod K), so two hosts never issue the same
 * primary key (bucardo.md §3: stock Rails sequences collide, and while partitioned one host's row silently
 * replaces the other's). K ≥ N with room to grow: the smallest power of ten ≥ 2N (10 for up to 5 hosts),
 * or the increment the cluster already uses if that is larger than N.
 */
public final class SequenceOffsets {
  private SequenceOffsets() {}

  /** K for {@code nodes} hosts, keeping an increment already common to every app sequence if it is > N. */
  public static long modulus(int nodes, Collection<Schema> schemas) {
    long k = 10;
    while (k < 2L * nodes) {
      k *= 10;
    }
    Long common = null;
    for (Schema s : schemas) {
      for (Schema.Sequence seq : s.sequences().values()) {
        if (common == null) {
          common = seq.increment();
        } else if (common != seq.increment()) {
          return k;
        }
      }
    }
    return common != null && common > nodes ? common : k;
  }

  /**
   * The {@code ALTER SEQUENCE} that puts {@code seq} of node {@code residue} in shape, or empty when it
   * already is: increment K, its next value ≡ residue (mod K) and above every id of that residue on any host.
   *
   * @param maxima node name to (residue to the highest id) of this sequence's column, every host
   */
  public static Optional<String> fix(Schema.Sequence seq, long k, long residue, Collection<Map<Long, Long>> maxima) {
    long maxInClass = 0;
    long maxAll = 0;
    for (Map<Long, Long> m : maxima) {
      maxInClass = Math.max(maxInClass, m.getOrDefault(residue, 0L));
      for (long v : m.values()) {
        maxAll = Math.max(maxAll, v);
      }
    }
    if (seq.increment() == k && Math.floorMod(seq.nextValue(), k) == residue && seq.nextValue() > maxInClass) {
      return Optional.empty();
    }
    long start = Math.max(maxAll, seq.nextValue() - 1) + 1;
    start += Math.floorMod(residue - start, k);
    return Optional.of("ALTER SEQUENCE " + seq.name() + " INCREMENT BY " + k + " MINVALUE 1 START WITH " + start
        + " RESTART WITH " + start);
  }

  /** Why {@code seq} is unsafe, for the doctor; empty when it is in shape. */
  public static Optional<String> problem(Schema.Sequence seq, long k, long residue, Collection<Map<Long, Long>> maxima) {
    if (fix(seq, k, residue, maxima).isEmpty()) {
      return Optional.empty();
    }
    if (seq.increment() == 1) {
      return Optional.of("stock sequence (INCREMENT BY 1): every host issues the same ids");
    }
    return Optional.of("INCREMENT BY " + seq.increment() + ", next " + seq.nextValue()
        + ": not this host's residue " + residue + " mod " + k + " above the ids already used");
  }
}
