package chorus.core.model;

import java.text.Normalizer;

/**
 * The one check every path must pass before chorus touches the disk with it, whether it came from a
 * scan or from a peer: relative, {@code /}-separated, NFC, no empty, {@code .} or {@code ..} segment, no
 * NUL or other control character, no backslash (a Windows peer's separator would otherwise become part
 * of a name), at most 4096 bytes. A peer's path is hostile until it has passed here.
 */
public final class RelativePath {
  public static final int MAX_BYTES = 4096;

  private RelativePath() {}

  /** Returns {@code path} unchanged if valid; otherwise throws with the reason. */
  public static String requireValid(String path) {
    String problem = problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("invalid path \"" + printable(path) + "\": " + problem);
    }
    return path;
  }

  /** Null if {@code path} is valid, else why it is not. */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "empty";
    }
    if (path.charAt(0) == '/') {
      return "absolute (starts with /)";
    }
    if (path.endsWith("/")) {
      return "ends with /";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains control character 0x" + Integer.toHexString(c) + " at index " + i;
      }
      if (c == '\\') {
        return "contains a backslash at index " + i;
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(path.charAt(i - 1)))) {
        return "contains an unpaired surrogate at index " + i;
      }
    }
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      String segment = path.substring(start, end);
      if (segment.isEmpty()) {
        return "has an empty segment (//)";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "has a '" + segment + "' segment";
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
      return "is not in Unicode NFC form";
    }
    if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "longer than " + MAX_BYTES + " bytes";
    }
    return null;
  }

  /** The parent path, or the empty string for a top-level name. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * {@code s} safe to print or log: control characters (NUL included) and backslashes escaped as
   * {@code \\xNN}, cut after 200 characters. For paths that failed {@link #problem}.
   */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 200); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f || c == '\\' ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return s.length() > 200 ? sb + "..." : sb.toString();
  }
}
