package chorus.cli.home;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a device keeps its identity, config and index: {@code $CHORUS_HOME} if set, else
 * {@code $XDG_CONFIG_HOME/chorus}, else {@code ~/.config/chorus}.
 */
public record DeviceHome(Path dir) {
  public static final String CERT_FILE = "cert.pem";
  public static final String KEY_FILE = "key.pem";
  public static final String CONFIG_FILE = "config.json";
  public static final String INDEX_DIR = "index";

  /** Resolves the home from the environment (a map, so tests can pass their own). */
  public static DeviceHome resolve(Map<String, String> env) {
    String chorusHome = env.get("CHORUS_HOME");
    if (chorusHome != null && !chorusHome.isBlank()) {
      return new DeviceHome(Path.of(chorusHome).toAbsolutePath());
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return new DeviceHome(Path.of(xdg, "chorus").toAbsolutePath());
    }
    String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
    return new DeviceHome(Path.of(userHome, ".config", "chorus").toAbsolutePath());
  }

  public Path certFile() {
    return dir.resolve(CERT_FILE);
  }

  public Path keyFile() {
    return dir.resolve(KEY_FILE);
  }

  public Path configFile() {
    return dir.resolve(CONFIG_FILE);
  }

  /** The RocksDB index directory. */
  public Path indexDir() {
    return dir.resolve(INDEX_DIR);
  }
}
