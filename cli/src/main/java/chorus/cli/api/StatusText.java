package chorus.cli.api;

import chorus.transport.api.StatusReport;
import java.io.PrintWriter;
import java.util.Locale;

/** The human-readable form of a {@link StatusReport}, as {@code chorus status} prints it. */
public final class StatusText {
  private StatusText() {}

  public static void print(StatusReport s, PrintWriter out) {
    out.println("Device  " + name(s.device().name()) + "  " + s.device().id());

    out.println();
    out.println("Peers (" + s.peers().size() + ")");
    if (s.peers().isEmpty()) {
      out.println("  none; invite one with 'chorus invite'");
    }
    for (StatusReport.Peer p : s.peers()) {
      out.println("  " + name(p.name()) + "  " + p.id());
      if (p.connected()) {
        out.println("    connected  " + (p.address() == null ? "?" : p.address().toUri())
            + "  " + (p.tlsProvider() == null ? "" : "TLS " + p.tlsProvider()));
      } else {
        out.println("    disconnected");
      }
      out.println("    in " + bytes(p.inBytes()) + " (" + rate(p.inRate()) + ")  out " + bytes(p.outBytes())
          + " (" + rate(p.outRate()) + ")");
    }

    out.println();
    out.println("Folders (" + s.folders().size() + ")");
    if (s.folders().isEmpty()) {
      out.println("  none");
    }
    for (StatusReport.Folder f : s.folders()) {
      out.println("  " + f.id() + "  " + f.path() + "  " + f.type() + "  " + f.state()
          + (f.error() == null ? "" : ": " + f.error()));
      boolean upToDate = f.needFiles() == 0 && f.needBytes() == 0 && f.needDirectories() == 0;
      out.println("    " + count(f.files(), "file") + ", " + bytes(f.bytes())
          + (upToDate ? "; up to date"
              : "; needs " + count(f.needFiles(), "file")
                  + (f.needDirectories() == 0 ? "" : " and " + count(f.needDirectories(), "directory", "directories"))
                  + ", " + bytes(f.needBytes())
                  + String.format(" (%.1f %% done%s)", f.syncPercent(),
                      f.inBytesPerSecond() > 0 ? ", " + rate(f.inBytesPerSecond()) : "")));
      if (f.fetchedBytes() + f.copiedBytes() > 0) {
        out.println("    since start: " + bytes(f.fetchedBytes()) + " fetched from peers, " + bytes(f.copiedBytes())
            + " copied from local files");
      }
      for (StatusReport.PeerCompletion pc : f.peerCompletion()) {
        String who = s.peers().stream().filter(p -> p.id().equals(pc.device())).map(p -> name(p.name())).findFirst()
            .orElse(pc.device().shortId().toString());
        out.println("    " + who + "'s copy: " + (pc.needFiles() == 0 ? "complete"
            : String.format("%.1f %%, lacks %s, %s", pc.percent(), count(pc.needFiles(), "path"), bytes(pc.needBytes()))));
      }
      if (f.failedCount() > 0) {
        out.println("    " + count(f.failedCount(), "path") + " could not be synced (retried with a backoff):");
        for (StatusReport.FailedItem x : f.failed().subList(0, Math.min(10, f.failed().size()))) {
          out.println("      " + x.path() + ": " + x.reason());
        }
        if (f.failedCount() > 10) {
          out.println("      ... and " + (f.failedCount() - 10) + " more (chorus status --json lists 100)");
        }
      }
    }

    if (s.catalog() != null) {
      StatusReport.Catalog c = s.catalog();
      out.println();
      out.println("Catalog " + c.target() + ": " + c.state()
          + ("down".equals(c.state()) ? "" : ", feed lag " + c.lagEntries() + " change(s) / " + c.lagMillis() + " ms")
          + ", " + c.pending() + " file(s) pending" + (c.lastLink() == null ? "" : ", last link " + c.lastLink()));
      if (c.error() != null) {
        out.println("  " + c.error() + " (the sync goes on; chorus catches up when the database is back)");
      }
    }

    if (!s.pendingJoins().isEmpty()) {
      out.println();
      out.println("Joins (" + s.pendingJoins().size() + ") not complete:");
      for (StatusReport.PendingJoin j : s.pendingJoins()) {
        out.println("  " + name(j.name()) + "  " + j.id() + (j.folder() == null ? "" : "  folder " + j.folder()));
        if (j.state() == StatusReport.JoinState.REFUSED) {
          out.println("    refused: " + (j.reason() == null ? "no reason given" : j.reason()));
          out.println("    ask the inviter for a new invite: chorus invite" + (j.folder() == null ? "" : " --folder " + j.folder())
              + ", then here: chorus join TOKEN");
        } else {
          out.println("    waiting for it to accept our invite" + (j.expiresAt() == null ? "" : " (valid until "
              + j.expiresAt() + ")"));
        }
      }
    }

    if (!s.unknownDevices().isEmpty()) {
      out.println();
      out.println("Unknown devices (" + s.unknownDevices().size() + ") tried to connect and were refused:");
      for (StatusReport.UnknownDevice u : s.unknownDevices()) {
        out.println("  " + name(u.name()) + "  " + u.id() + "  from "
            + (u.address() == null ? "?" : u.address().toUri())
            + (u.lastSeen() == null ? "" : "  last seen " + u.lastSeen()));
        out.println("    to trust it: chorus device add " + u.id()
            + (u.name().isEmpty() ? "" : " --name " + shellWord(u.name())));
      }
    }
    out.flush();
  }

  private static String name(String n) {
    return n.isEmpty() ? "(no name)" : n;
  }

  /** Quotes a name for pasting into a shell, if it needs it. */
  static String shellWord(String s) {
    if (s.matches("[A-Za-z0-9._@%+=:,/-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  static String rate(double bytesPerSecond) {
    return bytes(Math.round(bytesPerSecond)) + "/s";
  }
}
