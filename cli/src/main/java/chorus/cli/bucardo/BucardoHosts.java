package chorus.cli.bucardo;

import chorus.dbbridge.bucardo.BucardoNode;
import chorus.dbbridge.bucardo.BucardoSetup;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which databases the one sync spans, as {@code chorus bucardo} sees them: this device's catalog first
 * (its host runs Bucardo), then the catalog addresses its peers announced ({@link PeerCatalogs}), then
 * any given on the command line ({@code --db NAME=URL}, which also replaces one of the same name).
 */
public final class BucardoHosts {
  private BucardoHosts() {}

  /** Bucardo's directory in a device home. */
  public static Path dir(DeviceHome home) {
    return home.dir().resolve("bucardo");
  }

  public static BucardoSetup setup(DeviceHome home, ChorusConfig config, List<String> extra, String role, Path dir,
      String sync, Map<String, String> settings) throws IOException {
    Map<String, BucardoNode> nodes = new LinkedHashMap<>();
    if (config.catalog() != null) {
      BucardoNode own = BucardoNode.of(BucardoNode.nameFor(config.deviceName()), config.catalog().jdbcUrl());
      nodes.put(own.name(), own);
    }
    for (PeerCatalogs.Announced a : PeerCatalogs.read(home)) {
      BucardoNode n = BucardoNode.of(BucardoNode.nameFor(a.deviceName()), a.jdbcUrl());
      nodes.putIfAbsent(n.name(), n);
    }
    for (String each : extra) {
      int eq = each.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--db \"" + each + "\" is not NAME=JDBC-URL");
      }
      BucardoNode n = BucardoNode.of(each.substring(0, eq), each.substring(eq + 1));
      nodes.put(n.name(), n);
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no catalog database is known: set this device's with 'chorus catalog set',"
          + " or name them with --db NAME=JDBC-URL");
    }
    return new BucardoSetup(new ArrayList<>(nodes.values()), dir == null ? dir(home) : dir, role,
        sync == null ? BucardoSetup.DEFAULT_SYNC : sync, settings);
  }
}
