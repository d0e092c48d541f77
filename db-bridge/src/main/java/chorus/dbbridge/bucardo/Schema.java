package chorus.dbbridge.bucardo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one host's catalog holds, as far as replication cares: its tables (outside the system schemas,
 * Bucardo's and chorus's own), their columns, primary keys, indexes and the sequences behind their ids.
 *
 * @param tables by qualified name ({@code public.songs}), sorted
 * @param sequences by qualified name, the sequences that feed an app table's column
 */
public record Schema(Map<String, Table> tables, Map<String, Sequence> sequences) {
  /** Rails' bookkeeping: per host by nature, never replicated. */
  public static final Set<String> NEVER_REPLICATED = Set.of("schema_migrations", "ar_internal_metadata");

  /** One column: its name, its type as {@code format_type} writes it, NOT NULL. */
  public record Column(String name, String type, boolean notNull) {}

  /** One index: name, definition as {@code pg_get_indexdef} writes it, unique, primary. */
  public record Index(String name, String definition, boolean unique, boolean primary) {}

  /** A sequence that feeds {@code table.column}, with its state. */
  public record Sequence(String name, String table, String column, long increment, long nextValue) {}

  /**
   * A table.
   *
   * @param name qualified ({@code public.songs})
   * @param primaryKey its primary key's columns in order (empty: none)
   */
  public record Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes) {
    public boolean hasColumn(String column) {
      return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    /** Unique indexes other than the primary key: a value two hosts write can wedge the sync (bucardo.md §3). */
    public List<Index> secondaryUnique() {
      return indexes.stream().filter(i -> i.unique() && !i.primary()).toList();
    }

    public String shortName() {
      return name.substring(name.indexOf('.') + 1);
    }

    /** Whether Bucardo must leave it alone: Rails' bookkeeping tables. */
    public boolean neverReplicated() {
      return NEVER_REPLICATED.contains(shortName());
    }
  }

  /** The app tables: all but Rails' bookkeeping. */
  public List<Table> appTables() {
    return tables.values().stream().filter(t -> !t.neverReplicated()).toList();
  }

  private static final String USER_TABLES = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'bucardo', 'chorus')"
      + " AND n.nspname NOT LIKE 'pg\\_%'";

  /** Reads the schema over {@code c}. */
  public static Schema read(Connection c) throws SQLException {
    Map<String, List<Column>> columns = new TreeMap<>();
    Map<String, List<String>> pks = new LinkedHashMap<>();
    Map<String, List<Index>> indexes = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname), a.attname,"
          + " format_type(a.atttypid, a.atttypmod), a.attnotnull"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " WHERE c.relkind IN ('r', 'p') AND " + USER_TABLES + " ORDER BY 1, a.attnum")) {
        while (rs.next()) {
          columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname), a.attname"
          + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
          + " WHERE i.indisprimary AND " + USER_TABLES
          + " ORDER BY 1, array_position(i.indkey::int2[], a.attnum)")) {
        while (rs.next()) {
          pks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname), ic.relname,"
          + " pg_get_indexdef(i.indexrelid), i.indisunique, i.indisprimary"
          + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_class ic ON ic.oid = i.indexrelid WHERE " + USER_TABLES + " ORDER BY 1, 2")) {
        while (rs.next()) {
          indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new Index(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)));
        }
      }
    }
    Map<String, Table> tables = new TreeMap<>();
    for (Map.Entry<String, List<Column>> e : columns.entrySet()) {
      tables.put(e.getKey(), new Table(e.getKey(), List.copyOf(e.getValue()),
          List.copyOf(pks.getOrDefault(e.getKey(), List.of())), List.copyOf(indexes.getOrDefault(e.getKey(), List.of()))));
    }
    return new Schema(tables, sequences(c));
  }

  private static Map<String, Sequence> sequences(Connection c) throws SQLException {
    Map<String, Sequence> out = new TreeMap<>();
    String sql = "SELECT q.seq, q.tab, q.col, s.increment_by FROM ("
        + " SELECT format('%I.%I', n.nspname, c.relname) AS tab, a.attname AS col,"
        + "   pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq"
        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        + " WHERE c.relkind IN ('r', 'p') AND " + USER_TABLES + ") q"
        + " JOIN pg_sequences s ON format('%I.%I', s.schemaname, s.sequencename) = q.seq ORDER BY 1";
    List<String[]> found = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), Long.toString(rs.getLong(4))});
      }
      for (String[] f : found) {
        // Read from the sequence itself: pg_sequences hides last_value when is_called is false.
        try (ResultSet seqRs = s.executeQuery("SELECT last_value, is_called FROM " + f[0])) {
          seqRs.next();
          long inc = Long.parseLong(f[3]);
          long next = seqRs.getBoolean(2) ? seqRs.getLong(1) + inc : seqRs.getLong(1);
          out.put(f[0], new Sequence(f[0], f[1], f[2], inc, next));
        }
      }
    }
    return out;
  }
}
