package chorus.dbbridge.link;

import chorus.core.config.CatalogLink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * A link rule: how song rows name their files. Every query is batched (arrays as parameters), so linking
 * a thousand paths costs one round trip, never one per path.
 */
public sealed interface SongLinks permits FilePathLinks, ActiveStorageLinks {
  static SongLinks of(CatalogLink link) {
    return switch (link.kind()) {
      case FILE_PATH -> new FilePathLinks(link);
      case ACTIVE_STORAGE -> new ActiveStorageLinks(link);
    };
  }

  /** A query of {@code (song_id bigint, path text, checksum text)}: every song that names a file. */
  String expectedSql();

  /** The songs that name these folder paths (one per path: the smallest id when several do). */
  Map<String, Expected> byPaths(Connection c, Collection<String> paths) throws SQLException;

  /** The songs of these ids that exist, each with the path it names (null when none). */
  Map<Long, Expected> byIds(Connection c, Collection<Long> ids) throws SQLException;

  /**
   * A rename made on this host: point the song rows that named {@code from} at {@code to}, in the
   * replicated tables (Bucardo carries it to the other hosts). Returns the rows changed; 0 when the rule
   * cannot follow a rename (ActiveStorage names files by blob key).
   */
  int renamedHere(Connection c, String from, String to) throws SQLException;

  /** Whether the rule has checksums to compare files with. */
  boolean hasChecksums();

  /**
   * Checks that the tables and columns exist and attaches the song-change trigger where it is missing.
   *
   * @throws SQLException with a message naming what is missing
   */
  void prepare(Connection c) throws SQLException;

  /** The song table, as configured (for messages). */
  String songTable();
}
