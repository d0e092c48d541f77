package chorus.cli.command;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code chorus run} prints once the node is up: who this device is, where it listens, and the exact
 * commands that come next for the state the home is in (no folder yet, folders but nobody to share them
 * with, or already paired). Plain text, no colours: it is read in terminals and in service logs alike.
 *
 * @param listen where the node accepts peers, as bound
 * @param api the local API, as bound
 */
record RunSummary(DeviceId device, String name, Path home, TcpAddress listen, TcpAddress api, ChorusConfig config) {

  void print(PrintWriter out) {
    out.println("chorus is running as device \"" + name + "\" (home " + home + ")");
    out.println("  device ID  " + device);
    out.println("  listening  " + listen.toUri() + " for peers");
    out.println("  local API  " + api.hostPort());
    out.println();
    List<FolderConfig> folders = config.folders();
    if (folders.isEmpty()) {
      out.println("Next, in another terminal: add a folder and invite another device to it,");
      out.println("  chorus folder add ID PATH        e.g. chorus folder add music ~/Music");
      out.println("  chorus invite --folder ID        prints a token to paste on the other device");
      out.println("or join a device that invited this one:");
      out.println("  chorus join TOKEN --path DIR");
    } else if (config.devices().isEmpty()) {
      String ids = String.join(", ", folders.stream().map(f -> f.id().value()).toList());
      out.println("Next, in another terminal: invite another device to " + (folders.size() == 1 ? "folder " : "one of ")
          + ids + ",");
      out.println("  chorus invite --folder " + folders.get(0).id() + "    prints a token to paste on the other device");
      out.println("or join a device that invited this one:");
      out.println("  chorus join TOKEN --path DIR");
    } else {
      out.println(count(config.devices().size(), "device") + ", " + count(folders.size(), "folder")
          + "; 'chorus status' shows them.");
    }
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
