package chorus.dbbridge.state;

import chorus.dbbridge.link.Expected;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes to {@code chorus.file_state}, this host's record of which files it really has. Every method takes
 * a batch and costs a fixed number of statements (arrays through {@code unnest}), whatever its size, and
 * none commits: the caller commits them together with the feed position.
 */
public final class FileStates {
  private FileStates() {}

  /**
   * SQL for a row's {@code checksum_ok} (row alias {@code f}) against the catalog's checksum in
   * {@code alias.checksum}: null when either side is unknown.
   */
  static String checksumOk(String alias) {
    return "CASE WHEN " + alias + ".checksum IS NULL OR f.md5 IS NULL THEN NULL ELSE f.md5 = " + alias + ".checksum END";
  }

  /** Records files that are here now, present (or conflict copies). Song links are left to {@link #link}. */
  public static void upsert(Connection c, String folder, List<FileFacts> files) throws SQLException {
    if (files.isEmpty()) {
      return;
    }
    int n = files.size();
    String[] paths = new String[n];
    String[] hashes = new String[n];
    Long[] sizes = new Long[n];
    Timestamp[] mtimes = new Timestamp[n];
    String[] states = new String[n];
    String[] md5s = new String[n];
    for (int i = 0; i < n; i++) {
      FileFacts f = files.get(i);
      paths[i] = f.path();
      hashes[i] = f.contentHash();
      sizes[i] = f.size();
      mtimes[i] = f.mtime() == null ? null : Timestamp.from(f.mtime());
      states[i] = f.conflict() ? "conflict" : "present";
      md5s[i] = f.md5();
    }
    String sql = "INSERT INTO chorus.file_state AS f (folder, path, content_hash, size, mtime, state, md5, md5_of)"
        + " SELECT ?, u.path, u.hash, u.size, u.mtime, u.state, u.md5, CASE WHEN u.md5 IS NULL THEN NULL ELSE u.hash END"
        + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[])"
        + " AS u(path, hash, size, mtime, state, md5)"
        + " ON CONFLICT (folder, path) DO UPDATE SET content_hash = EXCLUDED.content_hash, size = EXCLUDED.size,"
        + " mtime = EXCLUDED.mtime, state = EXCLUDED.state,"
        + " md5 = COALESCE(EXCLUDED.md5, CASE WHEN f.md5_of = EXCLUDED.content_hash THEN f.md5 END),"
        + " md5_of = COALESCE(EXCLUDED.md5_of, CASE WHEN f.md5_of = EXCLUDED.content_hash THEN f.md5_of END),"
        + " updated_at = now()"
        + " WHERE (f.content_hash, f.size, f.mtime, f.state) IS DISTINCT FROM"
        + " (EXCLUDED.content_hash, EXCLUDED.size, EXCLUDED.mtime, EXCLUDED.state) OR EXCLUDED.md5 IS NOT NULL";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, folder);
      p.setArray(2, c.createArrayOf("text", paths));
      p.setArray(3, c.createArrayOf("text", hashes));
      p.setArray(4, c.createArrayOf("bigint", sizes));
      p.setArray(5, c.createArrayOf("timestamptz", mtimes));
      p.setArray(6, c.createArrayOf("text", states));
      p.setArray(7, c.createArrayOf("text", md5s));
      p.executeUpdate();
    }
  }

  /**
   * Records that these paths are gone from this host: a row that links a song stays, marked
   * {@code missing} (the catalog still lists the song); one that links none is dropped. Pending rows stay
   * pending (their file never came).
   */
  public static void gone(Connection c, String folder, Collection<String> paths) throws SQLException {
    if (paths.isEmpty()) {
      return;
    }
    java.sql.Array a = c.createArrayOf("text", paths.toArray());
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM chorus.file_state WHERE folder = ? AND path = ANY(?) AND song_id IS NULL");
        PreparedStatement miss = c.prepareStatement("UPDATE chorus.file_state SET state = 'missing', updated_at = now()"
            + " WHERE folder = ? AND path = ANY(?) AND state IN ('present', 'conflict')")) {
      del.setString(1, folder);
      del.setArray(2, a);
      del.executeUpdate();
      miss.setString(1, folder);
      miss.setArray(2, a);
      miss.executeUpdate();
    }
  }

  /**
   * Sets the song of each of {@code paths} to what {@code songs} says (none when absent), and, where the
   * rule has checksums, whether the file's MD5 matches.
   */
  public static void link(Connection c, String folder, Collection<String> paths, Map<String, Expected> songs)
      throws SQLException {
    if (paths.isEmpty()) {
      return;
    }
    int n = paths.size();
    String[] ps = new String[n];
    Long[] ids = new Long[n];
    String[] sums = new String[n];
    int i = 0;
    for (String p : paths) {
      Expected e = songs.get(p);
      ps[i] = p;
      ids[i] = e == null ? null : e.songId();
      sums[i] = e == null ? null : e.checksum();
      i++;
    }
    String sql = "UPDATE chorus.file_state f SET song_id = u.song_id, checksum_ok = " + checksumOk("u")
        + ", updated_at = now() FROM unnest(?::text[], ?::bigint[], ?::text[]) AS u(path, song_id, checksum)"
        + " WHERE f.folder = ? AND f.path = u.path AND (f.song_id IS DISTINCT FROM u.song_id"
        + " OR f.checksum_ok IS DISTINCT FROM " + checksumOk("u") + ")";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, c.createArrayOf("text", ps));
      p.setArray(2, c.createArrayOf("bigint", ids));
      p.setArray(3, c.createArrayOf("text", sums));
      p.setString(4, folder);
      p.executeUpdate();
    }
    // A missing row whose song no longer names it has nothing left to say.
    try (PreparedStatement p = c.prepareStatement("DELETE FROM chorus.file_state WHERE folder = ? AND path = ANY(?)"
        + " AND song_id IS NULL AND state IN ('missing', 'pending')")) {
      p.setString(1, folder);
      p.setArray(2, c.createArrayOf("text", ps));
      p.executeUpdate();
    }
  }

  /**
   * Applies changed song rows: each existing song is linked to the path it names (a row made
   * {@code pending} when this host has no file there), rows it no longer names let go of it; the rows of
   * deleted songs are cleaned up (Bucardo runs no foreign-key actions on replicas).
   *
   * @param existing the changed songs that exist now, by id
   * @param deleted the changed song ids that no longer exist
   * @return the paths that are pending after this (files the catalog expects and this host lacks)
   */
  public static Set<String> songsChanged(Connection c, String folder, Map<Long, Expected> existing, Set<Long> deleted)
      throws SQLException {
    Set<String> pending = new HashSet<>();
    List<Long> gone = new ArrayList<>(deleted);
    for (Expected e : existing.values()) {
      if (e.path() == null) {
        gone.add(e.songId()); // a song that names no file: nothing of this host links it
      }
    }
    if (!gone.isEmpty()) {
      java.sql.Array a = c.createArrayOf("bigint", gone.toArray());
      try (PreparedStatement del = c.prepareStatement("DELETE FROM chorus.file_state WHERE folder = ? AND song_id = ANY(?)"
          + " AND state IN ('pending', 'missing')");
          PreparedStatement free = c.prepareStatement("UPDATE chorus.file_state SET song_id = NULL, checksum_ok = NULL,"
              + " updated_at = now() WHERE folder = ? AND song_id = ANY(?)")) {
        del.setString(1, folder);
        del.setArray(2, a);
        del.executeUpdate();
        free.setString(1, folder);
        free.setArray(2, a);
        free.executeUpdate();
      }
    }
    List<Expected> linked = new ArrayList<>();
    for (Expected e : existing.values()) {
      if (e.path() != null) {
        linked.add(e);
      }
    }
    if (linked.isEmpty()) {
      return pending;
    }
    int n = linked.size();
    Long[] ids = new Long[n];
    String[] paths = new String[n];
    String[] sums = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = linked.get(i).songId();
      paths[i] = linked.get(i).path();
      sums[i] = linked.get(i).checksum();
    }
    // Rows that named these songs at another path (the song was renamed, or its file changed).
    try (PreparedStatement p = c.prepareStatement("WITH u(song_id, path) AS (SELECT * FROM unnest(?::bigint[], ?::text[])),"
        + " stale AS (SELECT f.path FROM chorus.file_state f JOIN u ON f.song_id = u.song_id WHERE f.folder = ? AND f.path <> u.path),"
        + " dropped AS (DELETE FROM chorus.file_state f USING stale WHERE f.folder = ? AND f.path = stale.path"
        + " AND f.state IN ('pending', 'missing') RETURNING f.path)"
        + " UPDATE chorus.file_state f SET song_id = NULL, checksum_ok = NULL, updated_at = now() FROM stale"
        + " WHERE f.folder = ? AND f.path = stale.path AND f.path NOT IN (SELECT path FROM dropped)")) {
      p.setArray(1, c.createArrayOf("bigint", ids));
      p.setArray(2, c.createArrayOf("text", paths));
      p.setString(3, folder);
      p.setString(4, folder);
      p.setString(5, folder);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO chorus.file_state AS f (folder, path, state, song_id)"
        + " SELECT ?, u.path, 'pending', u.song_id FROM unnest(?::text[], ?::bigint[]) AS u(path, song_id)"
        + " ON CONFLICT (folder, path) DO UPDATE SET song_id = EXCLUDED.song_id, updated_at = now()"
        + " RETURNING f.path, f.state")) {
      p.setString(1, folder);
      p.setArray(2, c.createArrayOf("text", paths));
      p.setArray(3, c.createArrayOf("bigint", ids));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if ("pending".equals(rs.getString(2))) {
            pending.add(rs.getString(1));
          }
        }
      }
    }
    checksums(c, folder, paths, sums);
    return pending;
  }

  /** Sets {@code checksum_ok} of each path from the catalog's checksum and the file's MD5 (null: unknown). */
  private static void checksums(Connection c, String folder, String[] paths, String[] sums) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE chorus.file_state f SET checksum_ok = " + checksumOk("u")
        + " FROM unnest(?::text[], ?::text[]) AS u(path, checksum) WHERE f.folder = ? AND f.path = u.path")) {
      p.setArray(1, c.createArrayOf("text", paths));
      p.setArray(2, c.createArrayOf("text", sums));
      p.setString(3, folder);
      p.executeUpdate();
    }
  }

  /**
   * Moves among {@code paths}: a song's file gone missing at one path while a file of the same content,
   * linked to no song, is present at another. Each missing path pairs with one present path at most.
   *
   * @return pairs {old path, new path}
   */
  public static List<String[]> movesHere(Connection c, String folder, Collection<String> paths) throws SQLException {
    List<String[]> out = new ArrayList<>();
    if (paths.isEmpty()) {
      return out;
    }
    java.sql.Array a = c.createArrayOf("text", paths.toArray());
    try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT ON (m.path) m.path, n.path FROM chorus.file_state m"
        + " JOIN chorus.file_state n ON n.folder = m.folder AND n.content_hash = m.content_hash"
        + " AND n.state = 'present' AND n.song_id IS NULL"
        + " WHERE m.folder = ? AND m.state = 'missing' AND m.song_id IS NOT NULL AND m.content_hash IS NOT NULL"
        + " AND (m.path = ANY(?) OR n.path = ANY(?)) ORDER BY m.path, n.path")) {
      p.setString(1, folder);
      p.setArray(2, a);
      p.setArray(3, a);
      try (ResultSet rs = p.executeQuery()) {
        Set<String> taken = new HashSet<>();
        while (rs.next()) {
          if (taken.add(rs.getString(2))) {
            out.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
    }
    return out;
  }

  /** Every pending path of the folder (the files to pull first). */
  public static Set<String> pendingPaths(Connection c, String folder) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT path FROM chorus.file_state WHERE folder = ? AND state = 'pending'")) {
      p.setString(1, folder);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
