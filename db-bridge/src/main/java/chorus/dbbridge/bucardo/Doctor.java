package chorus.dbbridge.bucardo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says what is unsafe about the hosts' catalogs and Bucardo's setup, each finding with its fix: the traps
 * of bucardo.md, checked on the real databases. The setup is safe when no finding is {@code UNSAFE}.
 */
public final class Doctor {
  private Doctor() {}

  public static boolean safe(List<Finding> findings) {
    return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.UNSAFE);
  }

  public static List<Finding> examine(Survey survey) {
    BucardoSetup setup = survey.setup();
    List<Finding> out = new ArrayList<>();
    if (!survey.bucardoInstalled()) {
      out.add(Finding.unsafe("bucardo", "the bucardo program is not installed",
          "apt-get install bucardo postgresql-plperl-15"));
    }
    survey.unreachable().forEach((node, why) -> out.add(Finding.unsafe(node, "the database does not answer: " + why,
        "start it, or give role " + setup.role() + " a superuser login there (password in ~/.pgpass)")));
    Schema home = survey.homeSchema();
    if (home != null) {
      schemaFindings(survey, home, out);
      differences(survey, home, out);
    }
    if (survey.state() == null) {
      out.add(Finding.unsafe("bucardo", "its metadata database cannot be read: " + survey.stateError(),
          "check that " + setup.home().name() + " answers and role " + setup.role() + " may log in"));
    } else if (!survey.state().installed()) {
      out.add(Finding.unsafe("bucardo", "Bucardo is not set up: no metadata database on " + setup.home().name(),
          "chorus bucardo apply"));
    } else {
      bucardoFindings(survey, survey.state(), out);
    }
    return out;
  }

  private static void schemaFindings(Survey survey, Schema home, List<Finding> out) {
    for (Schema.Table t : home.appTables()) {
      if (t.primaryKey().isEmpty()) {
        boolean dups = survey.duplicates().contains(t.name());
        boolean nullable = t.columns().stream().anyMatch(c -> !c.notNull());
        out.add(Finding.unsafe(t.name(), "no primary key: Bucardo replicates by primary key and cannot carry this table",
            dups ? "remove its duplicate rows on every host, then chorus bucardo apply adds PRIMARY KEY over all columns"
                : nullable ? "add a primary key (e.g. an id bigserial column) on every host"
                : "chorus bucardo apply adds PRIMARY KEY (" + t.columns().stream().map(Schema.Column::name)
                    .collect(Collectors.joining(", ")) + ") on every host"));
      }
      for (Schema.Index i : t.secondaryUnique()) {
        out.add(Finding.warning(t.name(), "unique index " + i.name() + " besides the primary key: two hosts writing the"
            + " same value stop replication of every table (seen with active_storage_blobs.key)",
            "write only random or host-unique values there (ActiveStorage keys are random); if the sync goes Bad on"
                + " this index, delete one of the two rows by hand"));
      }
      if (!t.hasColumn("updated_at")) {
        out.add(Finding.warning(t.name(), "no updated_at column: conflicting edits of a row are decided by the fixed"
            + " host order, not by time", "add updated_at if rows of this table are edited on several hosts"));
      }
    }
    BucardoSetup setup = survey.setup();
    long k = survey.modulus();
    for (BucardoNode n : setup.nodes()) {
      Schema s = survey.schemas().get(n.name());
      if (s == null) {
        continue;
      }
      long residue = setup.indexOf(n) % k;
      for (Schema.Sequence seq : s.sequences().values()) {
        List<Map<Long, Long>> maxima = setup.nodes().stream()
            .map(o -> survey.maxima().getOrDefault(o.name(), Map.of()).getOrDefault(seq.name(), Map.of())).toList();
        SequenceOffsets.problem(seq, k, residue, maxima).ifPresent(p -> out.add(Finding.unsafe(
            n.name() + ": " + seq.name(), p + " (two hosts issuing one id: an error, or one row silently replaced)",
            "chorus bucardo apply: " + SequenceOffsets.fix(seq, k, residue, maxima).orElseThrow())));
      }
    }
  }

  /** Columns, types and indexes must match on every host: DDL is not replicated. */
  private static void differences(Survey survey, Schema home, List<Finding> out) {
    String h = survey.setup().home().name();
    for (Map.Entry<String, Schema> e : survey.schemas().entrySet()) {
      if (e.getKey().equals(h)) {
        continue;
      }
      Set<String> names = new HashSet<>(home.tables().keySet());
      names.addAll(e.getValue().tables().keySet());
      for (String name : new java.util.TreeSet<>(names)) {
        Schema.Table a = home.tables().get(name);
        Schema.Table b = e.getValue().tables().get(name);
        String where = e.getKey() + " vs " + h + ": " + name;
        if (a == null || b == null) {
          out.add(Finding.unsafe(where, "the table exists on " + (a == null ? e.getKey() : h) + " only",
              "run the same migrations on every host (DDL is not replicated), then chorus bucardo apply"));
        } else if (a.neverReplicated()) {
          continue;
        } else if (!a.columns().equals(b.columns())) {
          out.add(Finding.unsafe(where, "columns differ: " + h + " has " + describe(a) + ", " + e.getKey() + " has "
              + describe(b), "run the same migrations on every host, then bucardo validate all"));
        } else if (!indexSet(a).equals(indexSet(b))) {
          out.add(Finding.unsafe(where, "indexes differ: " + h + " has " + indexSet(a) + ", " + e.getKey() + " has "
              + indexSet(b), "make the indexes the same on every host"));
        }
      }
    }
  }

  private static String describe(Schema.Table t) {
    return t.columns().stream().map(c -> c.name() + " " + c.type() + (c.notNull() ? " not null" : ""))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static Set<String> indexSet(Schema.Table t) {
    return t.indexes().stream().map(Schema.Index::definition).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static void bucardoFindings(Survey survey, BucardoState state, List<Finding> out) {
    BucardoSetup setup = survey.setup();
    String sync = setup.sync();
    List<BucardoState.Sync> others = state.syncs().values().stream().filter(s -> !s.name().equals(sync)).toList();
    if (!others.isEmpty()) {
      String replacing;
      try {
        Plan plan = Planner.plan(survey);
        replacing = plan.needed().stream().map(plan::render).collect(Collectors.joining("\n    ", "\n    ", ""));
      } catch (Planner.PlanException e) {
        replacing = " (" + e.getMessage() + ")";
      }
      out.add(Finding.unsafe("bucardo", "other syncs over these databases: " + others.stream()
              .map(s -> s.name() + (s.pairwise() ? " (pairwise)" : "")).collect(Collectors.joining(", "))
              + "; pairwise syncs have no conflict detection and diverge for good under racing updates",
          "chorus bucardo apply replaces them by one multi-source sync, keeping pending deltas:" + replacing));
    }
    BucardoState.Sync ours = state.syncs().get(sync);
    if (ours == null) {
      out.add(Finding.unsafe("bucardo", "no sync " + sync + " over every host", "chorus bucardo apply"));
      return;
    }
    if (ours.sources() != setup.nodes().size() || !ours.dbs().keySet().equals(
        setup.nodes().stream().map(BucardoNode::name).collect(Collectors.toSet()))) {
      out.add(Finding.unsafe("bucardo", "sync " + sync + " runs over " + ours.dbs() + ", not every host as a source",
          "chorus bucardo apply"));
    }
    if (!"active".equals(ours.status())) {
      out.add(Finding.unsafe("bucardo", "sync " + sync + " is " + ours.status(), "chorus bucardo apply"));
    }
    List<String> group = state.relgroups().getOrDefault(ours.relgroup(), List.of());
    Schema home = survey.homeSchema();
    if (home != null) {
      for (Schema.Table t : home.appTables()) {
        if (!group.contains(t.name()) && !t.primaryKey().isEmpty()) {
          out.add(Finding.unsafe(t.name(), "not replicated: missing from relgroup " + ours.relgroup(), "chorus bucardo apply"));
        }
      }
    }
    for (String t : group) {
      String shortName = t.substring(t.indexOf('.') + 1);
      if (Schema.NEVER_REPLICATED.contains(shortName) || t.startsWith("chorus.")) {
        out.add(Finding.unsafe(t, "replicated, but it is per host", "bucardo remove table " + t));
      }
    }
    BucardoState.Customcode code = state.customcodes().get(BucardoSetup.CUSTOMCODE);
    if (code == null || !sync.equals(code.sync()) || !ConflictCode.source(setup).equals(code.source())) {
      out.add(Finding.unsafe("bucardo", "conflicts are decided per table by bucardo_latest: a newer edit of a row can"
          + " lose to an older one", "chorus bucardo apply installs the per-row customcode " + BucardoSetup.CUSTOMCODE));
    }
    if (!state.mcpRunning()) {
      out.add(Finding.unsafe("bucardo", "Bucardo is not running: nothing replicates", "chorus bucardo apply (starts it)"));
    } else if (!state.running(sync)) {
      out.add(Finding.unsafe("bucardo", "sync " + sync + " has no controller: stalled, as after a host outage",
          "bucardo restart, once every host answers (the chorus daemon's watchdog does it)"));
    }
  }
}
