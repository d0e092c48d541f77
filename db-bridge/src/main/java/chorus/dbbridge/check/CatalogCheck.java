package chorus.dbbridge.check;

import chorus.dbbridge.link.SongLinks;
import chorus.dbbridge.schema.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code chorus catalog check} reports: songs without a present file, files without a song,
 * checksum mismatches, and rows pending (with the oldest's age). Read-only, a few set-based queries.
 *
 * <p>"Files without a song" counts audio files only (by extension), so cover art and booklets beside the
 * music do not make a healthy archive look broken; under the ActiveStorage rule every file is a blob.
 */
public final class CatalogCheck {
  /** How many examples of each problem a report lists. */
  public static final int EXAMPLES = 20;
  static final String AUDIO = "'\\.(mp3|flac|m4a|mp4|aac|ogg|oga|opus|wav|aif|aiff|wma|ape|wv|alac|dsf|dff)$'";

  private CatalogCheck() {}

  /** One kind of problem: how many, and a few of them. */
  public record Finding(long count, List<String> examples) {}

  /**
   * @param songsWithoutFile songs whose file this host has not got (missing, or never arrived)
   * @param filesWithoutSong audio files here that no song names
   * @param checksumMismatches files whose MD5 differs from the catalog's checksum
   * @param pending songs whose files this host is waiting for
   * @param oldestPendingSince when the longest-waiting of them became pending, or null
   */
  public record Report(String folder, long songs, long presentFiles, Finding songsWithoutFile, Finding filesWithoutSong,
      Finding checksumMismatches, Finding pending, Instant oldestPendingSince) {
    /** True when every song has its file, every audio file its song, and no checksum differs. */
    public boolean linked() {
      return songsWithoutFile.count() == 0 && filesWithoutSong.count() == 0 && checksumMismatches.count() == 0;
    }
  }

  /**
   * @throws SQLException if the database cannot be read, or the bridge never ran on it (no {@code chorus} schema)
   */
  public static Report run(Connection c, String folder, SongLinks links) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT to_regclass('chorus.file_state') IS NOT NULL");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new SQLException("the catalog has no chorus schema yet: is the daemon running with this catalog?"
            + " (chorus run; it creates schema version " + Migrations.latest() + ")");
      }
    }
    String expected = "(" + links.expectedSql() + ")";
    long songs = count(c, "SELECT count(*) FROM " + expected + " e", null);
    long present = count(c, "SELECT count(*) FROM chorus.file_state WHERE folder = ? AND state = 'present'", folder);
    Finding noFile = finding(c, "SELECT e.path FROM " + expected + " e WHERE NOT EXISTS (SELECT 1 FROM chorus.file_state f"
        + " WHERE f.folder = ? AND f.path = e.path AND f.state = 'present') ORDER BY e.path", folder);
    String audio = links.hasChecksums() ? "" : " AND lower(path) ~ " + AUDIO;
    Finding noSong = finding(c, "SELECT path FROM chorus.file_state WHERE folder = ? AND state = 'present'"
        + " AND song_id IS NULL" + audio + " ORDER BY path", folder);
    Finding mismatch = finding(c, "SELECT path FROM chorus.file_state WHERE folder = ? AND checksum_ok = false"
        + " ORDER BY path", folder);
    Finding pending = finding(c, "SELECT path FROM chorus.file_state WHERE folder = ? AND state = 'pending'"
        + " ORDER BY updated_at, path", folder);
    Instant oldest = null;
    try (PreparedStatement p = c.prepareStatement(
        "SELECT min(updated_at) FROM chorus.file_state WHERE folder = ? AND state = 'pending'")) {
      p.setString(1, folder);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next() && rs.getTimestamp(1) != null) {
          oldest = rs.getTimestamp(1).toInstant();
        }
      }
    }
    c.commit();
    return new Report(folder, songs, present, noFile, noSong, mismatch, pending, oldest);
  }

  private static long count(Connection c, String sql, String folder) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (folder != null) {
        p.setString(1, folder);
      }
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Finding finding(Connection c, String sql, String folder) throws SQLException {
    long n = count(c, "SELECT count(*) FROM (" + sql + ") q", folder);
    List<String> examples = new ArrayList<>();
    if (n > 0) {
      try (PreparedStatement p = c.prepareStatement(sql + " LIMIT " + EXAMPLES)) {
        p.setString(1, folder);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            examples.add(rs.getString(1));
          }
        }
      }
    }
    return new Finding(n, examples);
  }
}
