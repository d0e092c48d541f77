package chorus.core.id;

/**
 * The first 64 bits of a {@link DeviceId}: the key of a device's counter in a version vector and the
 * "modified by" of a file record. Short enough to repeat in every record, long enough not to collide in a
 * cluster of a handful of hosts.
 */
public record ShortId(long value) implements Comparable<ShortId> {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** Seven base32 characters, the same as the start of the device ID's text form. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(7);
    for (int i = 0; i < 7; i++) {
      out.append(ALPHABET.charAt((int) ((value >>> (59 - 5 * i)) & 31)));
    }
    return out.toString();
  }

  @Override
  public int compareTo(ShortId o) {
    return Long.compareUnsigned(value, o.value);
  }
}
