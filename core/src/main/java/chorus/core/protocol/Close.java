package chorus.core.protocol;

import java.util.Objects;

/** The sender is closing the connection, and why. Nothing follows it. */
public record Close(String reason) implements Message {
  public Close {
    Objects.requireNonNull(reason, "reason");
  }
}
