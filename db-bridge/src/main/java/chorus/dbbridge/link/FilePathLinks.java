package chorus.dbbridge.link;

import chorus.core.config.CatalogLink;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Songs name their files in a column of the song table: {@code songs.file_path}, by default. */
final class FilePathLinks implements SongLinks {
  private final CatalogLink link;
  private volatile boolean hasUpdatedAt;

  FilePathLinks(CatalogLink link) {
    this.link = link;
  }

  @Override
  public String expectedSql() {
    String prefix = link.stripPrefix();
    String col = "s." + link.column();
    String path = prefix.isEmpty() ? col : "substr(" + col + ", " + (prefix.length() + 1) + ")";
    String where = col + " IS NOT NULL" + (prefix.isEmpty() ? "" : " AND left(" + col + ", " + prefix.length()
        + ") = " + Sql.literal(prefix));
    return "SELECT s." + link.key() + "::bigint AS song_id, " + path + "::text AS path, NULL::text AS checksum FROM "
        + link.table() + " s WHERE " + where;
  }

  @Override
  public Map<String, Expected> byPaths(Connection c, Collection<String> paths) throws SQLException {
    Map<String, Expected> out = new HashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    List<String> stored = new ArrayList<>(paths.size());
    for (String p : paths) {
      stored.add(link.stripPrefix() + p);
    }
    String sql = "SELECT " + link.key() + "::bigint, " + link.column() + " FROM " + link.table() + " WHERE "
        + link.column() + " = ANY(?) ORDER BY 1";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      Array a = c.createArrayOf("text", stored.toArray());
      p.setArray(1, a);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String path = rs.getString(2).substring(link.stripPrefix().length());
          out.putIfAbsent(path, new Expected(rs.getLong(1), path, null));
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
    String sql = "SELECT " + link.key() + "::bigint, " + link.column() + " FROM " + link.table() + " WHERE "
        + link.key() + " = ANY(?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String stored = rs.getString(2);
          String path = stored != null && stored.startsWith(link.stripPrefix()) && stored.length() > link.stripPrefix().length()
              ? stored.substring(link.stripPrefix().length()) : null;
          out.put(rs.getLong(1), new Expected(rs.getLong(1), path, null));
        }
      }
    }
    return out;
  }

  @Override
  public int renamedHere(Connection c, String from, String to) throws SQLException {
    // updated_at moves too: a per-row "newest wins" conflict rule (chorus bucardo apply) reads it.
    String sql = "UPDATE " + link.table() + " SET " + link.column() + " = ?"
        + (hasUpdatedAt ? ", updated_at = now()" : "") + " WHERE " + link.column() + " = ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, link.stripPrefix() + to);
      p.setString(2, link.stripPrefix() + from);
      return p.executeUpdate();
    }
  }

  @Override
  public boolean hasChecksums() {
    return false;
  }

  @Override
  public void prepare(Connection c) throws SQLException {
    Sql.requireColumn(c, link.table(), link.key());
    Sql.requireColumn(c, link.table(), link.column());
    hasUpdatedAt = Sql.hasColumn(c, link.table(), "updated_at");
    Sql.attachTrigger(c, link.table(), link.key());
  }

  @Override
  public String songTable() {
    return link.table();
  }
}
