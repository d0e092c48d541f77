package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link Survey} into the {@link Plan}: the one multi-source sync over the app tables, the per-node
 * sequence offsets, the conflict customcode, and the removal of any other sync over the same databases
 * (the guide's pairwise syncs diverge: bucardo.md §3b). Steps the setup already has are marked done, so a
 * second apply finds nothing to do.
 */
public final class Planner {
  private Planner() {}

  /** Thrown when the plan cannot be made (a host does not answer). */
  public static final class PlanException extends Exception {
    public PlanException(String message) {
      super(message);
    }
  }

  public static Plan plan(Survey survey) throws PlanException {
    BucardoSetup setup = survey.setup();
    if (!survey.unreachable().isEmpty()) {
      throw new PlanException("cannot plan while a database does not answer: "
          + String.join("; ", survey.unreachable().values()));
    }
    if (survey.state() == null) {
      throw new PlanException("cannot read Bucardo's metadata database: " + survey.stateError());
    }
    BucardoState state = survey.state();
    Schema home = survey.homeSchema();
    List<String> tables = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<Step> hostSql = new ArrayList<>();
    for (Schema.Table t : home.tables().values()) {
      if (t.neverReplicated()) {
        excluded.add(t.name() + " (Rails' bookkeeping: per host)");
        continue;
      }
      if (!t.primaryKey().isEmpty()) {
        tables.add(t.name());
        continue;
      }
      boolean allNotNull = t.columns().stream().allMatch(Schema.Column::notNull);
      if (!allNotNull || survey.duplicates().contains(t.name())) {
        excluded.add(t.name() + " (no primary key, and " + (allNotNull ? "duplicate rows" : "nullable columns")
            + " rule one out: Bucardo cannot replicate it)");
        continue;
      }
      tables.add(t.name());
      String cols = t.columns().stream().map(c -> Survey.quote(c.name())).collect(Collectors.joining(", "));
      for (BucardoNode n : setup.nodes()) {
        Schema.Table there = survey.schemas().get(n.name()).tables().get(t.name());
        if (there != null && there.primaryKey().isEmpty()) {
          hostSql.add(Step.sql(n.name(), "ALTER TABLE " + t.name() + " ADD PRIMARY KEY (" + cols + ")",
              "Bucardo replicates by primary key: the join table gets one over all its columns"));
        }
      }
    }
    long k = survey.modulus();
    for (BucardoNode n : setup.nodes()) {
      long residue = setup.indexOf(n) % k;
      for (Schema.Sequence seq : survey.schemas().get(n.name()).sequences().values()) {
        if (!tables.contains(seq.table())) {
          continue;
        }
        List<Map<Long, Long>> maxima = setup.nodes().stream()
            .map(o -> survey.maxima().getOrDefault(o.name(), Map.of()).getOrDefault(seq.name(), Map.of())).toList();
        SequenceOffsets.fix(seq, k, residue, maxima).ifPresent(sql -> hostSql.add(Step.sql(n.name(), sql,
            "node " + setup.indexOf(n) + " of " + setup.nodes().size() + " hands out ids ≡ " + residue + " mod " + k)));
      }
    }

    List<Step> steps = new ArrayList<>();
    steps.add(Step.file(setup.rcFile().toString(), setup.rcText(),
        "Bucardo's rc file, passed explicitly (Debian's /etc/bucardorc is read silently otherwise)",
        !sameFile(setup.rcFile(), setup.rcText())));
    String perl = ConflictCode.source(setup);
    steps.add(Step.file(setup.customcodeFile().toString(), perl,
        "the conflict customcode: per row, the newest updated_at wins (ties: hosts in name order)",
        !sameFile(setup.customcodeFile(), perl)));
    steps.addAll(hostSql);

    List<Step> structural = new ArrayList<>();
    BucardoNode h = setup.home();
    structural.add(Step.bucardo("Bucardo's metadata database on " + h.name(), !state.installed(), "install", "--batch",
        "--quiet", "--dbhost", h.host(), "--dbport", Integer.toString(h.port()), "--dbuser", setup.role(),
        "--dbname", "postgres", "--piddir", setup.runDir().toString()));
    List<String> set = new ArrayList<>(List.of("set"));
    boolean setNeeded = false;
    for (Map.Entry<String, String> e : setup.config().entrySet()) {
      set.add(e.getKey() + "=" + e.getValue());
      setNeeded |= !e.getValue().equals(state.config().get(e.getKey()));
    }
    structural.add(Step.bucardo("paths under " + setup.dir() + ", and the loop settings", setNeeded, set));
    for (BucardoNode n : setup.nodes()) {
      BucardoState.Db db = state.dbs().get(n.name());
      List<String> attrs = List.of(n.name(), "dbname=" + n.dbname(), "host=" + n.host(), "port=" + n.port(),
          "user=" + setup.role());
      List<String> args = new ArrayList<>(List.of(db == null || db.sameAs(n, setup.role()) ? "add" : "update", "db"));
      args.addAll(attrs);
      structural.add(Step.bucardo("the database of host " + n.name(), db == null || !db.sameAs(n, setup.role()), args));
    }
    List<String> inGroup = state.relgroups().getOrDefault(setup.sync(), List.of());
    List<String> missing = tables.stream().filter(t -> !inGroup.contains(t)).toList();
    List<String> addTables = new ArrayList<>(List.of("add", "table"));
    addTables.addAll(missing.isEmpty() ? tables : missing);
    addTables.addAll(List.of("db=" + h.name(), "relgroup=" + setup.sync()));
    structural.add(Step.bucardo("the relgroup: app tables only, no sequences", !missing.isEmpty(), addTables));
    String dbs = setup.nodes().stream().map(n -> n.name() + ":source").collect(Collectors.joining(","));
    BucardoState.Sync ours = state.syncs().get(setup.sync());
    boolean sameDbs = ours != null && ours.dbs().keySet().equals(setup.nodes().stream().map(BucardoNode::name)
        .collect(Collectors.toSet())) && ours.sources() == setup.nodes().size();
    if (ours != null && !sameDbs) {
      structural.add(Step.bucardo("the sync's hosts changed: it is made again (deltas are kept)", true,
          "remove", "sync", setup.sync()));
    }
    structural.add(Step.bucardo("ONE multi-source sync over every host", ours == null || !sameDbs, "add", "sync",
        setup.sync(), "relgroup=" + setup.sync(), "dbs=" + dbs, "conflict_strategy=bucardo_latest"));
    if (ours != null && sameDbs && !"active".equals(ours.status())) {
      structural.add(Step.bucardo("the sync is " + ours.status(), true, "update", "sync", setup.sync(), "status=active"));
    }
    BucardoState.Customcode code = state.customcodes().get(BucardoSetup.CUSTOMCODE);
    boolean codeOk = code != null && "conflict".equals(code.whenrun()) && setup.sync().equals(code.sync())
        && code.getdbh() && perl.equals(code.source());
    if (code != null && !codeOk) {
      structural.add(Step.bucardo("the customcode changed", true, "remove", "customcode", BucardoSetup.CUSTOMCODE));
    }
    structural.add(Step.bucardo("per-row conflict resolution instead of bucardo_latest's per-table winner", !codeOk,
        "add", "customcode", BucardoSetup.CUSTOMCODE, "whenrun=conflict", "getdbh=1", "sync=" + setup.sync(),
        "src_code=" + setup.customcodeFile()));
    for (BucardoState.Sync other : state.syncs().values()) {
      if (other.name().equals(setup.sync()) || other.dbs().keySet().stream().noneMatch(state.dbs()::containsKey)) {
        continue;
      }
      structural.add(Step.bucardo("replaced by the one sync" + (other.pairwise() ? " (pairwise syncs diverge)" : "")
          + "; its pending deltas stay in the delta tables for " + setup.sync(), true, "remove", "sync", other.name()));
      for (BucardoNode n : setup.nodes()) {
        structural.add(dropTriggers(n, tables, other.name()));
      }
    }

    boolean change = structural.stream().anyMatch(Step::needed);
    boolean running = state.mcpRunning();
    if (running && change) {
      steps.add(Step.bucardo("Bucardo is stopped while its setup changes (a graceful stop)", true, "stop"));
    }
    steps.addAll(structural);
    if (!running || change) {
      steps.add(Step.bucardo("start Bucardo: the MCP validates the sync and adds its triggers", true, "start"));
    } else if (!state.running(setup.sync())) {
      steps.add(Step.bucardo("the sync has no controller running (stalled after a host outage)", true, "restart"));
    } else {
      steps.add(Step.bucardo("Bucardo runs the sync", false, "start"));
    }
    // Last: the daemon's watchdog only watches a setup that is complete and started.
    steps.add(Step.file(setup.setupFile().toString(), setup.setupText(),
        "the setup the daemon's watchdog keeps running", !sameFile(setup.setupFile(), setup.setupText())));
    return new Plan(setup, steps, tables, excluded, k);
  }

  /** The triggers a removed sync leaves behind ("table triggers are not automatically removed"). */
  private static Step dropTriggers(BucardoNode n, List<String> tables, String sync) {
    List<String> sql = new ArrayList<>();
    for (String t : tables) {
      sql.add("DROP TRIGGER IF EXISTS " + Survey.quote("bucardo_kick_" + sync) + " ON " + t);
      sql.add("DROP TRIGGER IF EXISTS " + Survey.quote("bucardo_note_trunc_" + sync) + " ON " + t);
    }
    return Step.sql(n.name(), String.join("; ", sql), "the removed sync's triggers on " + n.name());
  }

  private static boolean sameFile(Path file, String content) {
    try {
      return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content);
    } catch (IOException e) {
      return false;
    }
  }
}
