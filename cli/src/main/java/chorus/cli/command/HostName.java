package chorus.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's host name, the default device name. Read from the kernel rather than through
 * {@link java.net.InetAddress#getLocalHost}, which may wait on DNS.
 */
final class HostName {
  private HostName() {}

  static String get() {
    for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
      try {
        String name = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException | SecurityException e) {
        // Try the next source.
      }
    }
    return "chorus";
  }
}
