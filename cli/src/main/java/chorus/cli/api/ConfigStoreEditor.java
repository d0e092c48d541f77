package chorus.cli.api;

import chorus.cli.config.ConfigStore;
import chorus.core.config.ChorusConfig;
import chorus.transport.pairing.ConfigEditor;
import java.io.IOException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The pairing code's {@link ConfigEditor} over the device's config file. Each update holds the file's
 * lock from load to save, so the daemon admitting a device and a {@code chorus join} or
 * {@code chorus device add} in another process never lose each other's change.
 */
public final class ConfigStoreEditor implements ConfigEditor {
  private final ConfigStore store;

  public ConfigStoreEditor(ConfigStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public ChorusConfig current() throws IOException {
    return store.load();
  }

  @Override
  public ChorusConfig update(UnaryOperator<ChorusConfig> edit) throws IOException {
    // ConfigStore.edit holds the config lock itself.
    return store.edit(edit::apply);
  }
}
