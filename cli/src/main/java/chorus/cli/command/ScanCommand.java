package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.home.IdentityFiles;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.fsindex.ignore.IgnoreMatcher;
import chorus.fsindex.scan.ScanFilter;
import chorus.fsindex.scan.ScanOptions;
import chorus.fsindex.scan.ScanProblem;
import chorus.fsindex.scan.ScanReport;
import chorus.fsindex.scan.Scanner;
import chorus.fsindex.store.RocksIndex;
import chorus.fsindex.store.StorageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chorus scan FOLDER}: brings the folder's index up to date once and says what changed. */
@Command(name = "scan",
    description = {"Scans a configured folder once: hashes new and changed files, records deletions.",
        "Problems with single paths are listed and do not fail the scan."})
public final class ScanCommand extends ChorusCommand {
  @Parameters(index = "0", paramLabel = "FOLDER", description = "the folder ID from the config")
  FolderId folderId;

  @Option(names = "--json", description = "print the report as JSON")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = out();
    FolderContext ctx = FolderContext.load(home(), folderId);
    // The ID from the certificate alone: scanning never uses the private key, and loading it
    // (DeviceIdentity.load) costs half a second of BouncyCastle start-up on every run.
    ShortId me = IdentityFiles.readDeviceId(ctx.home()).shortId();
    ScanReport report;
    try (RocksIndex index = openIndex(ctx);
        ScanProgressLine progress = System.console() != null && !json ? new ScanProgressLine(err(), System::nanoTime) : null) {
      Scanner scanner = new Scanner(index.folder(ctx.folder().id()), Path.of(ctx.folder().path()),
          filterFor(ctx), me, context().clock(), ScanOptions.defaults());
      report = scanner.scan(List.of(""), counters -> {
        if (progress != null) {
          progress.watch(counters);
        }
      });
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(report)));
    } else {
      printSummary(out, report);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Opens the index for writing. A running node holds it (RocksDB's lock) and keeps its folders scanned
   * by itself, so that case gets a plain explanation instead of RocksDB's lock-file message.
   */
  private static RocksIndex openIndex(FolderContext ctx) {
    try {
      return RocksIndex.open(ctx.home().indexDir());
    } catch (StorageException e) {
      if (String.valueOf(e.getMessage()).contains("lock")) {
        throw new CommandFailure("the index is in use by a running chorus node, which scans and watches folder "
            + ctx.folder().id() + " by itself ('chorus status' shows its state); stop the node to scan by hand", e);
      }
      throw e;
    }
  }

  /**
   * The folder's {@code .chorusignore} patterns (chorus's own temp and marker files are always left out
   * too). A broken pattern file stops the scan: scanning without the user's patterns would index files
   * they meant to keep out.
   */
  private static ScanFilter filterFor(FolderContext ctx) throws IOException {
    try {
      return IgnoreMatcher.load(Path.of(ctx.folder().path()));
    } catch (IOException e) {
      throw new CommandFailure("the ignore patterns of folder " + ctx.folder().id() + " cannot be used: "
          + e.getMessage(), e);
    }
  }

  static Map<String, Object> toJson(ScanReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("folder", r.folder().value());
    m.put("seconds", r.duration().toNanos() / 1e9);
    m.put("files", r.files());
    m.put("directories", r.directories());
    m.put("symlinks", r.symlinks());
    m.put("bytes", r.bytes());
    m.put("hashedFiles", r.hashedFiles());
    m.put("hashedBytes", r.hashedBytes());
    m.put("chunks", r.chunks());
    m.put("new", r.added());
    m.put("changed", r.changed());
    m.put("deleted", r.deleted());
    m.put("unchanged", r.unchanged());
    m.put("ignored", r.ignored());
    m.put("skipped", r.skipped());
    m.put("bytesPerSecond", Math.round(r.hashRate()));
    m.put("problemCount", r.problemCount());
    m.put("problems", r.problems().stream().map(p -> Map.of("path", p.path(), "reason", p.reason())).toList());
    return m;
  }

  private static void printSummary(PrintWriter out, ScanReport r) {
    double seconds = r.duration().toNanos() / 1e9;
    out.printf(Locale.ROOT, "Scanned %s in %s: %d files, %d directories, %d symlinks, %s%n", r.folder(),
        Units.seconds(seconds), r.files(), r.directories(), r.symlinks(), Units.bytes(r.bytes()));
    out.printf(Locale.ROOT, "  hashed %d files, %s in %d chunks, %s%n", r.hashedFiles(), Units.bytes(r.hashedBytes()),
        r.chunks(), Units.rate(r.hashRate()));
    out.printf(Locale.ROOT, "  new %d, changed %d, deleted %d, unchanged %d, ignored %d, skipped (special files) %d%n",
        r.added(), r.changed(), r.deleted(), r.unchanged(), r.ignored(), r.skipped());
    out.printf(Locale.ROOT, "  problems: %d%n", r.problemCount());
    for (ScanProblem p : r.problems()) {
      out.println("    " + p);
    }
    if (r.problemCount() > r.problems().size()) {
      out.printf(Locale.ROOT, "    ... and %d more%n", r.problemCount() - r.problems().size());
    }
  }
}
