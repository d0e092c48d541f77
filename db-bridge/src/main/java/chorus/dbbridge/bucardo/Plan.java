package chorus.dbbridge.bucardo;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps that make the one multi-source sync, in order, each marked needed or done.
 *
 * @param tables the app tables the sync replicates
 * @param excluded tables left out, each with why
 * @param modulus the sequence increment K
 */
public record Plan(BucardoSetup setup, List<Step> steps, List<String> tables, List<String> excluded, long modulus) {
  public Plan {
    steps = List.copyOf(steps);
    tables = List.copyOf(tables);
    excluded = List.copyOf(excluded);
  }

  public List<Step> needed() {
    return steps.stream().filter(Step::needed).toList();
  }

  /** The plan as a shell script: exactly what apply runs, with the steps already done commented out. */
  public String shell() {
    List<String> out = new ArrayList<>();
    out.add("# chorus bucardo plan: one multi-source sync \"" + setup.sync() + "\" over "
        + setup.nodes().size() + " host(s), " + tables.size() + " app table(s); sequences INCREMENT BY " + modulus);
    for (String e : excluded) {
      out.add("# left out: " + e);
    }
    out.add("mkdir -p " + sh(setup.runDir().toString()) + " " + sh(setup.logDir().toString()) + " "
        + sh(setup.homeDir().toString()));
    out.add("cd " + sh(setup.runDir().toString()) + "   # bucardo writes reason files into the working directory");
    for (Step s : steps) {
      out.add("");
      out.add("# " + s.why() + (s.needed() ? "" : "  [done]"));
      String prefix = s.needed() ? "" : "# ";
      for (String line : render(s).split("\n", -1)) {
        out.add(prefix + line);
      }
    }
    return String.join("\n", out) + "\n";
  }

  /** One step as a shell command. */
  public String render(Step s) {
    return switch (s.kind()) {
      case FILE -> "cat > " + sh(s.target()) + " <<'CHORUS_EOF'\n" + s.args().get(0).stripTrailing() + "\nCHORUS_EOF";
      case SQL -> {
        BucardoNode n = setup.node(s.target());
        yield "psql " + sh("host=" + n.host() + " port=" + n.port() + " dbname=" + n.dbname() + " user=" + setup.role())
            + " -c " + sh(s.args().get(0));
      }
      case BUCARDO -> {
        List<String> cmd = new ArrayList<>();
        cmd.add("HOME=" + sh(setup.homeDir().toString()));
        for (String a : new BucardoCli(setup).command(s.args())) {
          cmd.add(sh(a));
        }
        yield String.join(" ", cmd);
      }
    };
  }

  static String sh(String word) {
    return word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
