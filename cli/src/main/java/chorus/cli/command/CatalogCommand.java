package chorus.cli.command;

import chorus.dbbridge.BridgeStatus;
import chorus.dbbridge.check.CatalogCheck;
import chorus.dbbridge.connect.CatalogConnector;
import chorus.dbbridge.connect.CatalogUnavailableException;
import chorus.dbbridge.link.SongLinks;
import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.cli.api.DaemonNotRunningException;
import chorus.cli.config.ConfigException;
import chorus.cli.config.ConfigStore;
import chorus.core.config.CatalogConfig;
import chorus.core.config.CatalogLink;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chorus catalog ...}: this host's catalog database and the bridge that links its song rows to the
 * files. {@code set} edits the config (a running daemon picks it up); {@code check} reads the database
 * directly, so it works from cron even while the daemon is down; {@code status} and {@code link} ask the
 * daemon.
 */
@Command(name = "catalog", description = "Links this host's catalog database (song rows) to the files.",
    subcommands = {CatalogCommand.Set.class, CatalogCommand.Status.class, CatalogCommand.Check.class,
        CatalogLinkCommand.class})
public final class CatalogCommand extends ChorusCommand {

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.OK;
  }

  /** {@code chorus catalog set --url URL ... | --off}. */
  @Command(name = "set", description = "Sets the catalog database and link rule (or --off). Other settings are kept.")
  static final class Set extends ChorusCommand {
    @Option(names = "--url", paramLabel = "JDBC-URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/archive_production")
    String url;

    @Option(names = "--user", description = "the database role (default: the URL's user=, else the OS user)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "a file (mode 600) whose first line is the password; without it ~/.pgpass is read")
    Path passwordFile;

    @Option(names = "--folder", paramLabel = "ID", description = "the folder the catalog describes (needed with several)")
    FolderId folder;

    @Option(names = "--link", paramLabel = "RULE", description = "file-path (default) or active-storage")
    String link;

    @Option(names = "--table", description = "the song table (default songs)")
    String table;

    @Option(names = "--key", description = "the song table's id column (default id)")
    String key;

    @Option(names = "--column", description = "file-path rule: the column holding the path (default file_path)")
    String column;

    @Option(names = "--strip-prefix", paramLabel = "PREFIX", description = "file-path rule: taken off the column's value")
    String stripPrefix;

    @Option(names = "--record-type", description = "active-storage rule: the attachments' record_type (default Song)")
    String recordType;

    @Option(names = "--attachment", description = "active-storage rule: the attachment name (default file)")
    String attachment;

    @Option(names = "--off", description = "switch the bridge off (the database is left as it is)")
    boolean off;

    @Override
    public Integer call() throws IOException {
      if (off) {
        configStore().edit(c -> c.withCatalog(null));
        out().println("catalog bridge off");
        return ExitCodes.OK;
      }
      ChorusConfig updated = configStore().edit(c -> c.withCatalog(merged(c.catalog(), c)));
      CatalogConfig catalog = updated.catalog();
      out().println("catalog " + catalog.jdbcUrl() + " (" + catalog.link().kind().text() + " rule, table "
          + catalog.link().table() + ")");
      try (Connection c = new CatalogConnector(catalog).open()) {
        out().println("  connected: ok");
      } catch (CatalogUnavailableException e) {
        out().println("  cannot connect now: " + e.getMessage());
        out().println("  (saved anyway: the daemon keeps trying and reports it in chorus status)");
      } catch (SQLException e) {
        out().println("  " + CatalogConnector.oneLine(e));
      }
      return ExitCodes.OK;
    }

    private CatalogConfig merged(CatalogConfig old, ChorusConfig config) throws ConfigException {
      String u = url != null ? url : old == null ? null : old.jdbcUrl();
      if (u == null) {
        throw new ConfigException("catalog set needs --url JDBC-URL (or --off)");
      }
      CatalogLink l = old == null ? CatalogLink.DEFAULT : old.link();
      try {
        CatalogLink.Kind kind = link == null ? l.kind() : CatalogLink.Kind.parse(link);
        CatalogLink newLink = new CatalogLink(kind, pick(table, l.table()), pick(key, l.key()), pick(column, l.column()),
            pick(stripPrefix, l.stripPrefix()), pick(recordType, l.recordType()), pick(attachment, l.attachment()));
        FolderId f = folder != null ? folder : old == null ? null : old.folder();
        if (f != null && config.folder(f).isEmpty()) {
          throw new ConfigException("no folder \"" + f + "\" in the config");
        }
        String pw = passwordFile != null ? passwordFile.toAbsolutePath().toString() : old == null ? null : old.passwordFile();
        return new CatalogConfig(u, pick(user, old == null ? null : old.user()), pw, f, newLink);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    }

    private static String pick(String given, String old) {
      return given != null ? given : old;
    }
  }

  /** {@code chorus catalog status}. */
  @Command(name = "status", description = "Shows the catalog bridge: connected, feed lag, pending files.")
  static final class Status extends ChorusCommand {
    @Option(names = "--json", description = "the daemon's answer as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ChorusConfig config = configStore().load();
      if (config.catalog() == null) {
        out().println("no catalog configured (chorus catalog set --url JDBC-URL)");
        return ExitCodes.OK;
      }
      try {
        ApiClient api = ApiClient.forConfig(config);
        String body = api.plainCall("GET", chorus.cli.daemon.CatalogRoutes.STATUS, ApiClient.REQUEST_TIMEOUT);
        if (json) {
          out().println(body);
          return ExitCodes.OK;
        }
        BridgeStatus b = api.read(body, BridgeStatus.class);
        out().println("catalog " + b.target() + ": " + b.state().text());
        out().println("  feed applied to " + b.appliedSeq() + " of " + b.latestSeq() + " (lag " + b.lagMillis() + " ms)");
        out().println("  pending files " + b.pending() + (b.lastLink() == null ? "" : ", last link " + b.lastLink()));
        if (b.error() != null) {
          out().println("  " + b.error());
        }
        return ExitCodes.OK;
      } catch (DaemonNotRunningException e) {
        out().println("catalog " + config.catalog().jdbcUrl() + " (the daemon is not running: chorus run)");
        return ExitCodes.NOT_RUNNING;
      }
    }
  }

  /** {@code chorus catalog check [--json]}: exit 0 when all is linked, 1 otherwise. */
  @Command(name = "check", description = "Songs without a file, files without a song, checksum mismatches, pending rows."
      + " Exit 0 when all is linked, 1 when not (for cron and health checks).")
  static final class Check extends ChorusCommand {
    @Option(names = "--json", description = "the report as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
      ChorusConfig config = configStore().load();
      CatalogConfig catalog = config.catalog();
      if (catalog == null) {
        throw new CommandFailure("no catalog configured (chorus catalog set --url JDBC-URL)");
      }
      FolderId folder = folderOf(config);
      CatalogCheck.Report r;
      try (Connection c = new CatalogConnector(catalog).open()) {
        r = CatalogCheck.run(c, folder.value(), SongLinks.of(catalog.link()));
      } catch (CatalogUnavailableException e) {
        throw new CommandFailure(e.getMessage());
      } catch (SQLException e) {
        throw new CommandFailure("catalog check: " + CatalogConnector.oneLine(e));
      }
      if (json) {
        out().println(ConfigStore.newMapper().writeValueAsString(r));
      } else {
        print(r);
      }
      return r.linked() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void print(CatalogCheck.Report r) {
      out().println("catalog of folder " + r.folder() + ": " + r.songs() + " song(s) with a file, " + r.presentFiles()
          + " file(s) present");
      finding("songs without their file here", r.songsWithoutFile());
      finding("audio files no song names", r.filesWithoutSong());
      finding("checksum mismatches", r.checksumMismatches());
      finding("pending (the catalog lists them, the file has not arrived)", r.pending());
      if (r.oldestPendingSince() != null) {
        out().println("  oldest pending since " + r.oldestPendingSince());
      }
      out().println(r.linked() ? "all linked" : "NOT all linked");
    }

    private void finding(String what, CatalogCheck.Finding f) {
      out().println("  " + what + ": " + f.count());
      for (String e : f.examples()) {
        out().println("    " + e);
      }
      if (f.count() > f.examples().size()) {
        out().println("    ... and " + (f.count() - f.examples().size()) + " more");
      }
    }
  }

  static FolderId folderOf(ChorusConfig config) {
    CatalogConfig catalog = config.catalog();
    if (catalog.folder() != null) {
      return catalog.folder();
    }
    List<FolderConfig> folders = config.folders();
    if (folders.size() != 1) {
      throw new CommandFailure("the device has " + folders.size()
          + " folders: say which one the catalog describes (chorus catalog set --folder ID)");
    }
    return folders.get(0).id();
  }

}
