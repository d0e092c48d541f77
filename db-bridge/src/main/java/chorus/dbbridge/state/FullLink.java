package chorus.dbbridge.state;

import chorus.dbbridge.link.SongLinks;
import chorus.core.id.FolderId;
import chorus.core.port.LocalFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rebuilds a folder's rows of {@code chorus.file_state} from the index, in one transaction: the live files
 * go to a temporary table by COPY, then a handful of set-based statements compare, link songs and mark
 * what is pending. 200k files cost seconds, not 200k round trips. The caller commits (with the feed
 * position the index was read at).
 */
public final class FullLink {
  private static final int COPY_CHUNK = 1 << 16;

  private FullLink() {}

  /** What a link found. */
  public record Result(long files, long linked, long pending, long missing) {}

  /**
   * @param progress told the number of files read so far, now and then
   */
  public static Result run(Connection c, LocalFiles local, FolderId folder, SongLinks links, LongConsumer progress)
      throws SQLException, IOException {
    String f = folder.toString();
    Path root = local.root(folder).orElse(null);
    Map<String, KnownMd5> knownMd5 = links.hasChecksums() ? knownMd5(c, f) : Map.of();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE chorus_scan (path text PRIMARY KEY, content_hash text, size bigint,"
          + " mtime timestamptz, state text, md5 text) ON COMMIT DROP");
    }
    long[] count = {0};
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY chorus_scan (path, content_hash, size, mtime, state, md5) FROM STDIN");
    try {
      StringBuilder buf = new StringBuilder(COPY_CHUNK + 4096);
      local.forEach(folder, r -> {
        if (!FileFacts.describes(r)) {
          return true;
        }
        String md5 = null;
        String hash = r.contentHash().toHex();
        if (links.hasChecksums() && root != null) {
          KnownMd5 known = knownMd5.get(r.path());
          md5 = known != null && known.of().equals(hash) ? known.md5() : Md5.of(root, r.path());
        }
        FileFacts ff = FileFacts.of(r, md5);
        field(buf, ff.path()).append('\t');
        field(buf, ff.contentHash()).append('\t').append(ff.size()).append('\t');
        field(buf, ff.mtime().toString()).append('\t');
        buf.append(ff.conflict() ? "conflict" : "present").append('\t');
        field(buf, ff.md5()).append('\n');
        if (buf.length() >= COPY_CHUNK) {
          write(copy, buf);
        }
        if (++count[0] % 10_000 == 0) {
          progress.accept(count[0]);
        }
        return true;
      });
      write(copy, buf);
      copy.endCopy();
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof CopyFailed failed) {
        throw (SQLException) failed.getCause();
      }
      throw e;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    progress.accept(count[0]);
    String expected = "(SELECT DISTINCT ON (path) song_id, path, checksum FROM (" + links.expectedSql()
        + ") e0 ORDER BY path, song_id)";
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE chorus_scan");
    }
    exec(c, "DELETE FROM chorus.file_state f WHERE folder = ? AND song_id IS NULL AND state <> 'pending'"
        + " AND NOT EXISTS (SELECT 1 FROM chorus_scan s WHERE s.path = f.path)", f);
    exec(c, "UPDATE chorus.file_state f SET state = 'missing', updated_at = now() WHERE folder = ?"
        + " AND state IN ('present', 'conflict') AND NOT EXISTS (SELECT 1 FROM chorus_scan s WHERE s.path = f.path)", f);
    exec(c, "INSERT INTO chorus.file_state AS f (folder, path, content_hash, size, mtime, state, md5, md5_of)"
        + " SELECT ?, path, content_hash, size, mtime, state, md5, CASE WHEN md5 IS NULL THEN NULL ELSE content_hash END"
        + " FROM chorus_scan ON CONFLICT (folder, path) DO UPDATE SET content_hash = EXCLUDED.content_hash,"
        + " size = EXCLUDED.size, mtime = EXCLUDED.mtime, state = EXCLUDED.state, md5 = EXCLUDED.md5,"
        + " md5_of = EXCLUDED.md5_of, updated_at = now() WHERE (f.content_hash, f.size, f.mtime, f.state, f.md5)"
        + " IS DISTINCT FROM (EXCLUDED.content_hash, EXCLUDED.size, EXCLUDED.mtime, EXCLUDED.state, EXCLUDED.md5)", f);
    // Songs: every row gets the song that names its path, or none.
    exec(c, "UPDATE chorus.file_state f SET song_id = NULL, checksum_ok = NULL, updated_at = now() WHERE folder = ?"
        + " AND song_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + expected + " e WHERE e.path = f.path"
        + " AND e.song_id = f.song_id)", f);
    exec(c, "DELETE FROM chorus.file_state WHERE folder = ? AND song_id IS NULL AND state IN ('pending', 'missing')", f);
    exec(c, "UPDATE chorus.file_state f SET song_id = e.song_id, checksum_ok = " + FileStates.checksumOk("e")
        + ", updated_at = now() FROM " + expected + " e WHERE f.folder = ? AND f.path = e.path"
        + " AND (f.song_id IS DISTINCT FROM e.song_id OR f.checksum_ok IS DISTINCT FROM " + FileStates.checksumOk("e") + ")", f);
    exec(c, "INSERT INTO chorus.file_state (folder, path, state, song_id) SELECT ?, e.path, 'pending', e.song_id"
        + " FROM " + expected + " e ON CONFLICT (folder, path) DO NOTHING", f);
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FILTER (WHERE song_id IS NOT NULL AND state = 'present'),"
        + " count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'missing')"
        + " FROM chorus.file_state WHERE folder = ?")) {
      p.setString(1, f);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new Result(count[0], rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  /** An MD5 already computed, and the content hash it is of: not computed again while the content is the same. */
  private record KnownMd5(String md5, String of) {}

  private static Map<String, KnownMd5> knownMd5(Connection c, String folder) throws SQLException {
    Map<String, KnownMd5> out = new HashMap<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT path, md5, md5_of FROM chorus.file_state WHERE folder = ? AND md5 IS NOT NULL")) {
      p.setString(1, folder);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new KnownMd5(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }

  private static long exec(Connection c, String sql, String folder) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, folder);
      return p.executeUpdate();
    }
  }

  /** A COPY text-format field: backslash escapes for the characters the format gives meaning to. */
  private static StringBuilder field(StringBuilder b, String v) {
    if (v == null) {
      return b.append("\\N");
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(ch);
      }
    }
    return b;
  }

  private static void write(CopyIn copy, StringBuilder buf) {
    if (buf.length() == 0) {
      return;
    }
    byte[] bytes = buf.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      copy.writeToCopy(bytes, 0, bytes.length);
    } catch (SQLException e) {
      throw new IllegalStateException(new CopyFailed(e));
    }
    buf.setLength(0);
  }

  /** Carries an SQLException out of the index walk's visitor. */
  static final class CopyFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CopyFailed(SQLException cause) {
      super(cause);
    }
  }
}
