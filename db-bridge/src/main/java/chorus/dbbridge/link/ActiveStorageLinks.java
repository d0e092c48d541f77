package chorus.dbbridge.link;

import chorus.core.config.CatalogLink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Songs have their file as an ActiveStorage attachment: {@code active_storage_attachments} (record_type,
 * record_id, name) → {@code active_storage_blobs}, whose {@code key} names the file in the Disk service's
 * layout {@code xx/yy/key} ({@code xx} and {@code yy} the key's first two pairs of characters) and whose
 * {@code checksum} is the base64 MD5 of its bytes.
 */
final class ActiveStorageLinks implements SongLinks {
  private final CatalogLink link;

  ActiveStorageLinks(CatalogLink link) {
    this.link = link;
  }

  /** The Disk service path of a blob key. */
  static String pathOf(String key) {
    return key.length() < 4 ? null : key.substring(0, 2) + "/" + key.substring(2, 4) + "/" + key;
  }

  /** The blob key a folder path names, or null if the path is not in the Disk service's layout. */
  static String keyOf(String path) {
    String[] parts = path.split("/");
    if (parts.length != 3) {
      return null;
    }
    String key = parts[2];
    return key.length() >= 4 && parts[0].equals(key.substring(0, 2)) && parts[1].equals(key.substring(2, 4)) ? key : null;
  }

  private String attachmentFilter() {
    return "a.record_type = " + Sql.literal(link.recordType()) + " AND a.name = " + Sql.literal(link.attachment());
  }

  @Override
  public String expectedSql() {
    return "SELECT a.record_id::bigint AS song_id, (substr(b.key, 1, 2) || '/' || substr(b.key, 3, 2) || '/' || b.key)::text"
        + " AS path, b.checksum::text AS checksum FROM active_storage_attachments a JOIN active_storage_blobs b"
        + " ON b.id = a.blob_id JOIN " + link.table() + " s ON s." + link.key() + " = a.record_id WHERE "
        + attachmentFilter() + " AND length(b.key) >= 4";
  }

  @Override
  public Map<String, Expected> byPaths(Connection c, Collection<String> paths) throws SQLException {
    Map<String, Expected> out = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (String p : paths) {
      String k = keyOf(p);
      if (k != null) {
        keys.add(k);
      }
    }
    if (keys.isEmpty()) {
      return out;
    }
    String sql = "SELECT a.record_id::bigint, b.key, b.checksum FROM active_storage_attachments a JOIN active_storage_blobs b"
        + " ON b.id = a.blob_id JOIN " + link.table() + " s ON s." + link.key() + " = a.record_id WHERE "
        + attachmentFilter() + " AND b.key = ANY(?) ORDER BY 1";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, c.createArrayOf("text", keys.toArray()));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String path = pathOf(rs.getString(2));
          out.putIfAbsent(path, new Expected(rs.getLong(1), path, rs.getString(3)));
        }
      }
    }
    return out;
  }

  @Override
  public Map<Long, Expected> byIds(Connection c, Collection<Long> ids) throws SQLException {
    Map<Long, Expected> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    String sql = "SELECT s." + link.key() + "::bigint, b.key, b.checksum FROM " + link.table() + " s"
        + " LEFT JOIN active_storage_attachments a ON a.record_id = s." + link.key() + " AND " + attachmentFilter()
        + " LEFT JOIN active_storage_blobs b ON b.id = a.blob_id WHERE s." + link.key() + " = ANY(?) ORDER BY 1, a.id";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(2);
          out.putIfAbsent(rs.getLong(1), new Expected(rs.getLong(1), key == null ? null : pathOf(key), rs.getString(3)));
        }
      }
    }
    return out;
  }

  @Override
  public int renamedHere(Connection c, String from, String to) {
    return 0; // the blob key is the name: a renamed file no longer is the blob's file
  }

  @Override
  public boolean hasChecksums() {
    return true;
  }

  @Override
  public void prepare(Connection c) throws SQLException {
    Sql.requireColumn(c, link.table(), link.key());
    Sql.requireColumn(c, "active_storage_attachments", "record_id");
    Sql.requireColumn(c, "active_storage_blobs", "checksum");
    Sql.attachTrigger(c, link.table(), link.key());
    Sql.attachTrigger(c, "active_storage_attachments", "record_id", link.recordType());
  }

  @Override
  public String songTable() {
    return link.table();
  }
}
