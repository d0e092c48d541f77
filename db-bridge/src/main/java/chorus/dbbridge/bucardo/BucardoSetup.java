package chorus.dbbridge.bucardo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the one multi-source sync is made of, and where Bucardo keeps its files.
 *
 * <p>Everything Bucardo writes lives under {@code dir}: the rc file (passed explicitly, so Debian's
 * {@code /etc/bucardorc} is never read: bucardo.md G1), the pid directory (also the working directory of
 * every bucardo command: G4), the logs, the reason and conflict files, and a HOME of its own (G3:
 * {@code install} may append to {@code $HOME/.pgpass}).
 *
 * @param nodes the hosts' databases; the first holds Bucardo's metadata database and runs Bucardo. The
 *     fixed host order (ties in the conflict customcode, sequence residues) is by name.
 * @param dir Bucardo's directory
 * @param role the PostgreSQL role Bucardo (and chorus, for its checks) connects as; a superuser on every host
 * @param sync the sync's name (also its relgroup's and dbgroup's)
 * @param settings {@code bucardo set} values beyond the paths (e.g. lower loop sleeps for tests)
 */
public record BucardoSetup(List<BucardoNode> nodes, Path dir, String role, String sync, Map<String, String> settings) {
  public static final String DEFAULT_SYNC = "chorus_archive";
  public static final String METADATA_DB = "bucardo";
  public static final String CUSTOMCODE = "chorus_newest_row";

  public BucardoSetup {
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sync, "sync");
    settings = Map.copyOf(settings);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no catalog database is known: set one with 'chorus catalog set'");
    }
    Set<String> names = new HashSet<>();
    for (BucardoNode n : nodes) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("two databases are named " + n.name());
      }
    }
    if (!role.matches("[A-Za-z_][A-Za-z0-9_]{0,62}") || !sync.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("role \"" + role + "\" or sync name \"" + sync + "\" is not a plain name");
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (!e.getKey().matches("[a-z_]+") || !e.getValue().matches("[A-Za-z0-9._/-]+")) {
        throw new IllegalArgumentException("Bucardo setting " + e.getKey() + "=" + e.getValue() + " is not plain");
      }
    }
  }

  /** The host that holds the metadata database and runs Bucardo. */
  public BucardoNode home() {
    return nodes.get(0);
  }

  /** The nodes in the fixed host order: by name. */
  public List<BucardoNode> ordered() {
    List<BucardoNode> l = new ArrayList<>(nodes);
    l.sort(Comparator.comparing(BucardoNode::name));
    return l;
  }

  /** Node i of N (1-based) in the fixed order: its sequence residue. */
  public int indexOf(BucardoNode node) {
    return ordered().indexOf(node) + 1;
  }

  public BucardoNode node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no database named " + name));
  }

  public Path rcFile() {
    return dir.resolve("bucardorc");
  }

  public Path runDir() {
    return dir.resolve("run");
  }

  public Path logDir() {
    return dir.resolve("log");
  }

  public Path homeDir() {
    return dir.resolve("home");
  }

  public Path customcodeFile() {
    return dir.resolve(CUSTOMCODE + ".pl");
  }

  /** What the daemon's watchdog reads to know the setup apply made: hosts, role, sync. */
  public Path setupFile() {
    return dir.resolve("chorus-setup.properties");
  }

  /** The text of {@link #setupFile}: no password, only names, URLs, the role and the sync. */
  public String setupText() {
    StringBuilder b = new StringBuilder("# written by chorus bucardo apply; read by the daemon's Bucardo watchdog\n");
    b.append("role=").append(role).append('\n').append("sync=").append(sync).append('\n');
    for (int i = 0; i < nodes.size(); i++) {
      b.append("node.").append(i + 1).append('=').append(nodes.get(i).name()).append(' ')
          .append(nodes.get(i).jdbcUrl()).append('\n');
    }
    return b.toString();
  }

  /**
   * The setup apply wrote into {@code dir}, or empty when there is none.
   *
   * @throws IOException if the file is there but unreadable or malformed
   */
  public static java.util.Optional<BucardoSetup> load(Path dir) throws java.io.IOException {
    Path file = dir.resolve("chorus-setup.properties");
    if (!java.nio.file.Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    java.util.Properties p = new java.util.Properties();
    try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      p.load(in);
    }
    List<BucardoNode> nodes = new ArrayList<>();
    for (int i = 1; p.containsKey("node." + i); i++) {
      String[] parts = p.getProperty("node." + i).trim().split(" ", 2);
      if (parts.length != 2) {
        throw new java.io.IOException(file + ": node." + i + " is not NAME URL");
      }
      nodes.add(BucardoNode.of(parts[0], parts[1]));
    }
    try {
      return java.util.Optional.of(new BucardoSetup(nodes, dir, p.getProperty("role", ""), p.getProperty("sync", ""),
          Map.of()));
    } catch (IllegalArgumentException e) {
      throw new java.io.IOException(file + ": " + e.getMessage(), e);
    }
  }

  public String metadataUrl() {
    return home().urlOf(METADATA_DB);
  }

  /** The rc file's text: the metadata database and the paths, nothing else. */
  public String rcText() {
    return "# written by chorus bucardo apply; passed explicitly with --bucardorc\n"
        + "dbhost = " + home().host() + "\n"
        + "dbport = " + home().port() + "\n"
        + "dbname = " + METADATA_DB + "\n"
        + "dbuser = " + role + "\n"
        + "piddir = " + runDir() + "\n"
        + "logdest = " + logDir() + "\n"; // not log-destination: bucardo.md G2
  }

  /** Every {@code bucardo set} value apply keeps: the paths off /var/log/bucardo (G4), then the settings. */
  public Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("log_conflict_file", logDir().resolve("conflict.log").toString());
    c.put("reason_file", logDir().resolve("restart.reason").toString());
    c.put("piddir", runDir().toString());
    c.putAll(new java.util.TreeMap<>(settings));
    return c;
  }

  /** Sleeps of 0.05 s instead of 0.5/0.2/0.2 (bucardo.md §2): for tests. */
  public static Map<String, String> fastSleeps() {
    return Map.of("kid_sleep", "0.05", "ctl_sleep", "0.05", "mcp_loop_sleep", "0.05", "mcp_dbproblem_sleep", "1");
  }
}
