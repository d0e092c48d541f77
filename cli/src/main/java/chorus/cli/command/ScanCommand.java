package chorus.cli.command;

import chorus.cli.config.ConfigException;
import chorus.core.id.DeviceId;
import chorus.core.id.ShortId;
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
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chorus scan FOLDER}: brings the folder's index up to date once and says what changed. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Scans a configured folder once: hashes new and changed files, records deletions.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the scan completed (problems with single paths are listed, not fatal)",
        "1:the scan could not run or stopped (bad config, index error, missing folder root)"})
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FOLDER", description = "the folder ID from the config")
  String folderId;

  @Option(names = "--json", description = "print the report as JSON")
  boolean json;

  /** Where the device home comes from; tests point it elsewhere. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      FolderContext ctx = FolderContext.load(folderId, environment);
      ShortId me = shortIdOf(ctx.home().certFile());
      ScanReport report;
      try (RocksIndex index = RocksIndex.open(ctx.home().indexDir());
          ScanProgressLine progress = System.console() != null && !json ? new ScanProgressLine(err, System::nanoTime) : null) {
        Scanner scanner = new Scanner(index.folder(ctx.folder().id()), Path.of(ctx.folder().path()),
            filterFor(ctx), me, Clock.systemUTC(), ScanOptions.defaults());
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
      return 0;
    } catch (CommandFailure | ConfigException | StorageException | IllegalStateException e) {
      err.println("chorus scan: " + e.getMessage());
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println("chorus scan: " + e);
      return 1;
    }
  }

  /**
   * This device's short ID, from its certificate alone. Scanning never uses the private key, and loading
   * and checking it ({@code DeviceIdentity.load}) costs half a second of BouncyCastle start-up on every
   * run; the ID is the SHA-256 of the certificate either way.
   */
  static ShortId shortIdOf(Path certFile) throws IOException {
    try (InputStream in = Files.newInputStream(certFile)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return DeviceId.fromCertificate(cert.getEncoded()).shortId();
    } catch (NoSuchFileException e) {
      throw new CommandFailure(certFile + " does not exist; run 'chorus init' first");
    } catch (CertificateException e) {
      throw new CommandFailure(certFile + ": not a valid PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The folder's ignore rules. Chorus's own temp and marker files are always skipped by the scanner
   * itself; the folder's .chorusignore patterns plug in here (chorus.fsindex.ignore).
   */
  private static ScanFilter filterFor(FolderContext ctx) {
    return ScanFilter.NONE;
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
