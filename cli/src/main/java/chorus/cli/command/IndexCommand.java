package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.VersionVector;
import chorus.fsindex.store.FolderIndex;
import chorus.fsindex.store.RocksIndex;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chorus index ...}: looks into this device's index. */
@Command(name = "index", description = "Looks into this device's index.", subcommands = {IndexCommand.Ls.class})
public final class IndexCommand extends ChorusCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.OK;
  }

  /** {@code chorus index ls FOLDER [PATH-PREFIX] [--json]}. */
  @Command(name = "ls", description = "Lists the index records of a folder (tombstones included), in path order.")
  static final class Ls extends ChorusCommand {
    @Parameters(index = "0", paramLabel = "FOLDER", description = "the folder ID from the config")
    FolderId folderId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH-PREFIX",
        description = "only paths starting with this (a plain string prefix)")
    String prefix = "";

    @Option(names = "--json", description = "one JSON array of records, with chunks")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = out();
      FolderContext ctx = FolderContext.load(home(), folderId);
      // Read-only, so that listing works while a node holds the index open.
      try (RocksIndex index = RocksIndex.openReadOnly(ctx.home().indexDir())) {
        FolderIndex folder = index.findFolder(ctx.folder().id()).orElseThrow(() -> new CommandFailure(
            "folder " + ctx.folder().id() + " has no index yet; run 'chorus scan " + ctx.folder().id() + "'"));
        if (json) {
          printJson(out, folder);
        } else {
          printTable(out, folder);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private void printJson(PrintWriter out, FolderIndex folder) throws IOException {
      try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartArray();
        folder.forEach(prefix, r -> {
          try {
            g.writeRaw('\n');
            writeRecord(g, r);
            return true;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        g.writeRaw('\n');
        g.writeEndArray();
      }
      out.println();
    }

    static void writeRecord(JsonGenerator g, FileRecord r) throws IOException {
      g.writeStartObject();
      g.writeStringField("path", r.path());
      g.writeStringField("type", r.type().name().toLowerCase(Locale.ROOT));
      g.writeNumberField("size", r.size());
      g.writeNumberField("mtimeNs", r.mtimeNs());
      g.writeStringField("permissions", String.format("%04o", r.permissions()));
      g.writeBooleanField("deleted", r.deleted());
      g.writeArrayFieldStart("version");
      for (VersionVector.Counter c : r.version().counters()) {
        g.writeStartObject();
        g.writeStringField("device", c.device().toString());
        g.writeNumberField("counter", c.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("sequence", r.sequence());
      g.writeStringField("modifiedBy", r.modifiedBy().toString());
      g.writeNumberField("inode", r.inode());
      if (r.symlinkTarget() != null) {
        g.writeStringField("symlinkTarget", r.symlinkTarget());
      }
      g.writeStringField("contentHash", r.contentHash() == null ? null : r.contentHash().toHex());
      g.writeArrayFieldStart("chunks");
      for (ChunkRef c : r.chunks()) {
        g.writeStartObject();
        g.writeNumberField("offset", c.offset());
        g.writeNumberField("length", c.length());
        g.writeStringField("hash", c.hash().toHex());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private void printTable(PrintWriter out, FolderIndex folder) {
      out.printf(Locale.ROOT, "%-9s %13s  %-19s %6s %8s  %-26s %s%n", "TYPE", "SIZE", "MODIFIED (UTC)", "CHUNKS",
          "SEQ", "VERSION", "PATH");
      folder.forEach(prefix, r -> {
        String type = r.deleted() ? "deleted" : r.type().name().toLowerCase(Locale.ROOT);
        Instant mtime = Instant.ofEpochSecond(Math.floorDiv(r.mtimeNs(), 1_000_000_000L));
        out.printf(Locale.ROOT, "%-9s %13d  %-19s %6d %8d  %-26s %s%s%n", type, r.size(),
            mtime.toString().replace('T', ' ').replace("Z", ""), r.chunks().size(), r.sequence(), r.version(),
            r.path(), r.symlinkTarget() == null ? "" : " -> " + r.symlinkTarget());
        return true;
      });
    }
  }
}
