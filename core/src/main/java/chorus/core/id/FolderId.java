package chorus.core.id;

import java.util.regex.Pattern;

/**
 * A folder's cluster-wide name, e.g. {@code music}. Restricted to a safe, short alphabet because it
 * appears in index keys, file names, URLs and command lines.
 */
public record FolderId(String value) implements Comparable<FolderId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public FolderId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "folder ID \"" + value + "\" is invalid: use 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
    }
  }

  public static FolderId of(String value) {
    return new FolderId(value);
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(FolderId o) {
    return value.compareTo(o.value);
  }
}
