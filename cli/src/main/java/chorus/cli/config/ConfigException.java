package chorus.cli.config;

import java.io.IOException;

/** The config file is missing, unreadable as JSON, or holds a bad value; the message names file and field. */
public final class ConfigException extends IOException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
