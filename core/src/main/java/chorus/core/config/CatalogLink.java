package chorus.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the catalog links a song row to its file.
 *
 * <ul>
 *   <li>{@link Kind#FILE_PATH}: a column of the song table holds the path, relative to the folder root
 *       after {@code stripPrefix} is taken off (default {@code songs.file_path}, key {@code id}).
 *   <li>{@link Kind#ACTIVE_STORAGE}: the song's file is the ActiveStorage blob attached to it
 *       ({@code active_storage_attachments} with {@code record_type}, {@code record_id} and
 *       {@code name} → {@code active_storage_blobs}); the blob's {@code key} names the file in the Disk
 *       service layout {@code xx/yy/key} under the folder, and its base64 MD5 {@code checksum} is checked.
 * </ul>
 *
 * <p>Table and column names are SQL identifiers (letters, digits, underscores; a table may be
 * schema-qualified): they are checked here, because they end up in statements.
 *
 * @param kind which layout
 * @param table the song table (both kinds)
 * @param key the song table's primary key column (both kinds)
 * @param column the path column (FILE_PATH only)
 * @param stripPrefix taken off the column's value before it is read as a folder path (FILE_PATH; "" for none)
 * @param recordType the attachments' {@code record_type} of songs (ACTIVE_STORAGE, default {@code Song})
 * @param attachment the attachment's {@code name} (ACTIVE_STORAGE, default {@code file})
 */
public record CatalogLink(
    Kind kind, String table, String key, String column, String stripPrefix, String recordType, String attachment) {

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

  /** {@code songs.file_path}, key {@code id}, no prefix (after the patterns: it is checked by them). */
  public static final CatalogLink DEFAULT = new CatalogLink(Kind.FILE_PATH, null, null, null, null, null, null);

  /** The layouts. */
  public enum Kind {
    FILE_PATH,
    ACTIVE_STORAGE;

    public String text() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.text().equals(text.toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new IllegalArgumentException("link rule \"" + text + "\" is invalid; expected file-path or active-storage");
    }
  }

  public CatalogLink {
    kind = kind == null ? Kind.FILE_PATH : kind;
    table = orDefault(table, "songs");
    key = orDefault(key, "id");
    column = orDefault(column, "file_path");
    stripPrefix = stripPrefix == null ? "" : stripPrefix;
    recordType = orDefault(recordType, "Song");
    attachment = orDefault(attachment, "file");
    require(TABLE, table, "table");
    require(IDENT, key, "key column");
    require(IDENT, column, "path column");
    Objects.requireNonNull(recordType);
    if (recordType.contains("'") || attachment.contains("'")) {
      throw new IllegalArgumentException("record type and attachment name must not contain a quote");
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void require(Pattern p, String value, String what) {
    if (!p.matcher(value).matches()) {
      throw new IllegalArgumentException("catalog " + what + " \"" + value
          + "\" is not a plain SQL name (letters, digits, underscores)");
    }
  }
}
