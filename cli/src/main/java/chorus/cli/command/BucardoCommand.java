package chorus.cli.command;

import chorus.dbbridge.bucardo.Applier;
import chorus.dbbridge.bucardo.BucardoCli;
import chorus.dbbridge.bucardo.BucardoSetup;
import chorus.dbbridge.bucardo.Connector;
import chorus.dbbridge.bucardo.Doctor;
import chorus.dbbridge.bucardo.Finding;
import chorus.dbbridge.bucardo.Plan;
import chorus.dbbridge.bucardo.Planner;
import chorus.dbbridge.bucardo.Step;
import chorus.dbbridge.bucardo.Survey;
import chorus.cli.ExitCodes;
import chorus.cli.bucardo.BucardoHosts;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chorus bucardo plan|doctor|apply}: the one multi-source Bucardo sync over every host's catalog
 * (see docs/ARCHITECTURE.md, "Bucardo"). The logic is in db-bridge's {@code chorus.dbbridge.bucardo}.
 */
@Command(name = "bucardo", description = "Plan, check and apply one safe multi-master Bucardo setup of the catalogs.",
    subcommands = {BucardoCommand.PlanCommand.class, BucardoCommand.DoctorCommand.class,
        BucardoCommand.ApplyCommand.class})
public final class BucardoCommand {
  private BucardoCommand() {}

  /** Which databases, as which role, and where Bucardo keeps its files. */
  static final class Where {
    @Option(names = "--db", paramLabel = "NAME=JDBC-URL",
        description = "A host's catalog (repeatable); added to this device's and those its peers announced.")
    List<String> dbs = new ArrayList<>();

    @Option(names = "--role", defaultValue = "bucardo",
        description = "The superuser role Bucardo connects as on every host, password in ~/.pgpass (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--dir", description = "Bucardo's directory (default: bucardo/ in the device home).")
    Path dir;

    @Option(names = "--sync", defaultValue = BucardoSetup.DEFAULT_SYNC, description = "The sync's name (default: ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
        description = "A Bucardo setting to keep (repeatable), e.g. kid_sleep=0.05 in tests.")
    Map<String, String> settings = new LinkedHashMap<>();
  }

  abstract static class Base extends ChorusCommand {
    @Mixin Where where;

    BucardoSetup setup() throws IOException {
      return BucardoHosts.setup(home(), configStore().load(), where.dbs, where.role, where.dir, where.sync, where.settings);
    }

    Survey survey(BucardoSetup setup) {
      refuseExposedPassword(setup);
      return Survey.take(setup, Connector.PGJDBC, new BucardoCli(setup));
    }

    /** Before any connection: a wildcard .pgpass line would give the role's password to a peer's address. */
    void refuseExposedPassword(BucardoSetup setup) {
      java.nio.file.Path pgpass = chorus.dbbridge.connect.PgPass.defaultFile(context().env());
      chorus.dbbridge.bucardo.PasswordExposure.check(pgpass, setup.role()).ifPresent(f -> {
        throw new CommandFailure("UNSAFE  " + f.subject() + ": " + f.problem() + "\n  fix: " + f.fix()
            + "\n(chorus connects to no database until then)");
      });
    }

    static Plan plan(Survey survey) {
      try {
        return Planner.plan(survey);
      } catch (Planner.PlanException e) {
        throw new CommandFailure(e.getMessage() + "; 'chorus bucardo doctor' says more");
      }
    }

    void printJson(Object value) throws IOException {
      out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out().flush();
    }
  }

  @Command(name = "plan", description = "Print the exact bucardo commands (and SQL) of the one sync, done steps commented out.")
  static final class PlanCommand extends Base {
    @Option(names = "--json", description = "Print the plan as JSON, for scripts.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Plan plan = plan(survey(setup()));
      if (json) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : plan.steps()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
          m.put("target", s.target());
          m.put("command", plan.render(s));
          m.put("why", s.why());
          m.put("needed", s.needed());
          steps.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sync", plan.setup().sync());
        out.put("hosts", plan.setup().nodes().stream().map(n -> Map.of("name", n.name(), "jdbcUrl", n.jdbcUrl())).toList());
        out.put("dir", plan.setup().dir().toString());
        out.put("rcFile", plan.setup().rcFile().toString());
        out.put("tables", plan.tables());
        out.put("excluded", plan.excluded());
        out.put("sequenceIncrement", plan.modulus());
        out.put("steps", steps);
        printJson(out);
      } else {
        out().print(plan.shell());
        out().flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "doctor", description = "Check every host's catalog and Bucardo; each finding with its fix. Exit 0 when safe.")
  static final class DoctorCommand extends Base {
    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      List<Finding> findings = Doctor.examine(survey(setup()));
      boolean safe = Doctor.safe(findings);
      if (json) {
        printJson(Map.of("safe", safe, "findings", findings));
      } else {
        for (Finding f : findings) {
          out().println((f.severity() == Finding.Severity.UNSAFE ? "UNSAFE   " : "warning  ") + f.subject() + ": " + f.problem());
          out().println("         fix: " + f.fix());
        }
        long unsafe = findings.stream().filter(f -> f.severity() == Finding.Severity.UNSAFE).count();
        out().println(safe ? "safe" + (findings.isEmpty() ? "" : " (" + findings.size() + " warning(s))")
            : unsafe + " unsafe finding(s); 'chorus bucardo apply' fixes those it can");
        out().flush();
      }
      return safe ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }

  @Command(name = "apply", description = "Perform the plan: only the steps not yet done; a second run changes nothing.")
  static final class ApplyCommand extends Base {
    @Override
    public Integer call() throws IOException {
      BucardoSetup setup = setup();
      refuseExposedPassword(setup);
      List<Step> done;
      try {
        done = new Applier(setup, Connector.PGJDBC, new BucardoCli(setup), why -> {
          out().println("- " + why);
          out().flush();
        }).apply();
      } catch (Planner.PlanException e) {
        throw new CommandFailure(e.getMessage() + "; 'chorus bucardo doctor' says more");
      }
      out().println(done.isEmpty() ? "nothing to change: sync " + setup.sync() + " is set up"
          : done.size() + " step(s) done; sync " + setup.sync() + " runs over " + setup.nodes().size() + " host(s)");
      List<Finding> left = Doctor.examine(survey(setup)).stream()
          .filter(f -> f.severity() == Finding.Severity.UNSAFE).toList();
      for (Finding f : left) {
        out().println("still UNSAFE  " + f.subject() + ": " + f.problem() + "\n  fix: " + f.fix());
      }
      out().flush();
      return left.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }
}
