package chorus.dbbridge.bucardo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the doctor and the planner look at, read once: each host's schema and id maxima, Bucardo's
 * metadata and processes. A host that does not answer is recorded with its error, not thrown.
 *
 * @param schemas node name to its schema (reachable nodes only)
 * @param unreachable node name to why it could not be read
 * @param state Bucardo's state, or null when its metadata database could not be read
 * @param stateError why not, or null
 * @param bucardoInstalled whether the bucardo program runs
 * @param modulus the sequence increment K the cluster uses or will use
 * @param maxima node name to sequence name to (id residue mod K to the highest id of that residue)
 * @param duplicates tables without a primary key that hold duplicate rows on some node
 */
public record Survey(BucardoSetup setup, Map<String, Schema> schemas, Map<String, String> unreachable,
    BucardoState state, String stateError, boolean bucardoInstalled, long modulus,
    Map<String, Map<String, Map<Long, Long>>> maxima, List<String> duplicates) {

  public Schema homeSchema() {
    return schemas.get(setup.home().name());
  }

  public boolean complete() {
    return unreachable.isEmpty() && state != null;
  }

  /** Reads it all; nothing is changed. */
  public static Survey take(BucardoSetup setup, Connector connector, BucardoCli cli) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    for (BucardoNode n : setup.nodes()) {
      try (Connection c = connector.open(n.jdbcUrl(), setup.role())) {
        schemas.put(n.name(), Schema.read(c));
      } catch (SQLException e) {
        unreachable.put(n.name(), n.jdbcUrl() + ": " + e.getMessage());
      }
    }
    BucardoState state = null;
    String stateError = null;
    try {
      state = BucardoState.read(setup, connector);
    } catch (SQLException e) {
      stateError = setup.metadataUrl() + ": " + e.getMessage();
    }
    long k = SequenceOffsets.modulus(setup.nodes().size(), schemas.values());
    Map<String, Map<String, Map<Long, Long>>> maxima = new HashMap<>();
    java.util.Set<String> dups = new java.util.TreeSet<>();
    for (BucardoNode n : setup.nodes()) {
      Schema s = schemas.get(n.name());
      if (s == null) {
        continue;
      }
      try (Connection c = connector.open(n.jdbcUrl(), setup.role()); Statement st = c.createStatement()) {
        Map<String, Map<Long, Long>> perSeq = new TreeMap<>();
        for (Schema.Sequence seq : s.sequences().values()) {
          Map<Long, Long> byResidue = new TreeMap<>();
          String col = quote(seq.column());
          try (ResultSet rs = st.executeQuery("SELECT " + col + " % " + k + ", max(" + col + ") FROM " + seq.table()
              + " WHERE " + col + " IS NOT NULL GROUP BY 1")) {
            while (rs.next()) {
              byResidue.put(Math.floorMod(rs.getLong(1), k), rs.getLong(2));
            }
          }
          perSeq.put(seq.name(), byResidue);
        }
        maxima.put(n.name(), perSeq);
        for (Schema.Table t : s.appTables()) {
          if (t.primaryKey().isEmpty()) {
            String cols = String.join(", ", t.columns().stream().map(col -> quote(col.name())).toList());
            try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + t.name() + " GROUP BY " + cols
                + " HAVING count(*) > 1)")) {
              rs.next();
              if (rs.getBoolean(1)) {
                dups.add(t.name());
              }
            }
          }
        }
      } catch (SQLException e) {
        unreachable.put(n.name(), n.jdbcUrl() + ": " + e.getMessage());
        schemas.remove(n.name());
      }
    }
    return new Survey(setup, schemas, unreachable, state, stateError, cli.installed(), k, maxima, List.copyOf(dups));
  }

  static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
