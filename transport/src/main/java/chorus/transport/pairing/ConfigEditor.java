package chorus.transport.pairing;

import chorus.core.config.ChorusConfig;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The pairing code's way to read and change this device's config without knowing where or how it is
 * stored. The CLI implements it over its config store (with a lock, because the daemon and a
 * {@code chorus join} may edit at the same time); tests use an in-memory fake.
 */
public interface ConfigEditor {
  /** The current config. */
  ChorusConfig current() throws IOException;

  /**
   * Applies {@code edit} to the current config, validates and stores the result atomically.
   *
   * @return the stored config
   * @throws IOException if the result is invalid (the message says why) or cannot be stored; the stored
   *     config is then unchanged
   */
  ChorusConfig update(UnaryOperator<ChorusConfig> edit) throws IOException;
}
